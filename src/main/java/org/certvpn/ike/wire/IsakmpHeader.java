package org.certvpn.ike.wire;

import java.util.Objects;
import org.certvpn.common.MalformedPacketException;

/**
 * The fixed 28-byte ISAKMP header (RFC 2408 §3.1). IKEv2 (RFC 7296 §3.1) keeps the same layout with
 * SPIs in place of cookies, so {@link #decode} reads both and the caller dispatches on the version.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Initiator                            !
 * !                            Cookie                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Responder                            !
 * !                            Cookie                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !  Next Payload ! MjVer ! MnVer ! Exchange Type !     Flags     !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Message ID                           !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                            Length                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param length total message length including this header, as carried in the header
 */
public record IsakmpHeader(
        long initiatorCookie,
        long responderCookie,
        PayloadType nextPayload,
        int majorVersion,
        int minorVersion,
        ExchangeType exchangeType,
        int flags,
        int messageId,
        int length) {

    public static final int LENGTH = 28;
    public static final int FLAG_ENCRYPTION = 0x01;
    public static final int FLAG_COMMIT = 0x02;
    public static final int FLAG_AUTHENTICATION_ONLY = 0x04;

    public IsakmpHeader {
        Objects.requireNonNull(nextPayload, "nextPayload");
        Objects.requireNonNull(exchangeType, "exchangeType");
        if (majorVersion < 0 || majorVersion > 15 || minorVersion < 0 || minorVersion > 15 || flags < 0 || flags > 255) {
            throw new IllegalArgumentException("header field out of range");
        }
    }

    /** An IKEv1 (ISAKMP 1.0) header. */
    public static IsakmpHeader v1(long initiatorCookie, long responderCookie, PayloadType nextPayload,
            ExchangeType exchangeType, int flags, int messageId, int length) {
        return new IsakmpHeader(initiatorCookie, responderCookie, nextPayload, 1, 0, exchangeType, flags, messageId,
                length);
    }

    public boolean encrypted() {
        return (flags & FLAG_ENCRYPTION) != 0;
    }

    public boolean commit() {
        return (flags & FLAG_COMMIT) != 0;
    }

    public IsakmpHeader withLength(int newLength) {
        return new IsakmpHeader(initiatorCookie, responderCookie, nextPayload, majorVersion, minorVersion, exchangeType,
                flags, messageId, newLength);
    }

    public IsakmpHeader withNextPayload(PayloadType next) {
        return new IsakmpHeader(initiatorCookie, responderCookie, next, majorVersion, minorVersion, exchangeType, flags,
                messageId, length);
    }

    /**
     * Reads the header of {@code datagram}.
     *
     * @throws MalformedPacketException when the datagram is shorter than a header or than the length the
     *     header claims, or when that length is below 28
     */
    public static IsakmpHeader decode(byte[] datagram) throws MalformedPacketException {
        WireReader r = new WireReader(datagram, 0, datagram.length);
        long ckyI = r.u64("initiator cookie");
        long ckyR = r.u64("responder cookie");
        int np = r.u8("next payload");
        int version = r.u8("version");
        int exchange = r.u8("exchange type");
        int flags = r.u8("flags");
        int messageId = r.u32("message id");
        int lengthPos = r.position();
        long length = r.u32("length") & 0xffffffffL;
        if (length < LENGTH) {
            throw new MalformedPacketException(lengthPos, "message length " + length + " below header size");
        }
        if (length > datagram.length) {
            throw new MalformedPacketException(lengthPos,
                    "message length " + length + " exceeds datagram of " + datagram.length + " bytes");
        }
        return new IsakmpHeader(ckyI, ckyR, PayloadType.valueOf(np), version >>> 4, version & 0x0f,
                ExchangeType.valueOf(exchange), flags, messageId, (int) length);
    }

    /** Writes the 28 header bytes into {@code dst} at {@code offset}. */
    public void encodeTo(byte[] dst, int offset) {
        WireWriter w = new WireWriter(LENGTH);
        w.u64(initiatorCookie).u64(responderCookie).u8(nextPayload.number()).u8((majorVersion << 4) | minorVersion)
                .u8(exchangeType.number()).u8(flags).u32(messageId).u32(length);
        System.arraycopy(w.toByteArray(), 0, dst, offset, LENGTH);
    }

    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        encodeTo(b, 0);
        return b;
    }

    @Override
    public String toString() {
        return String.format("%016x:%016x %s v%d.%d np=%s flags=%02x mid=%08x len=%d", initiatorCookie,
                responderCookie, exchangeType, majorVersion, minorVersion, nextPayload, flags, messageId, length);
    }
}
