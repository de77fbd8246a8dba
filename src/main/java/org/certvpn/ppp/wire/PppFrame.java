package org.certvpn.ppp.wire;

import java.util.Arrays;
import org.certvpn.common.MalformedPacketException;

/**
 * A decoded PPP frame as an immutable value, for the control plane, traces and tests. The data path
 * uses {@link PppFrameHeader} instead.
 *
 * @param protocol the Protocol field value
 * @param addressControlPresent whether FF 03 preceded the protocol
 * @param protocolCompressed whether the Protocol field was one octet
 */
public record PppFrame(int protocol, boolean addressControlPresent, boolean protocolCompressed, byte[] information) {
    public PppFrame {
        information = information.clone();
    }

    /** Decodes {@code buf[off, off+len)}. */
    public static PppFrame decode(byte[] buf, int off, int len) throws MalformedPacketException {
        PppFrameHeader header = new PppFrameHeader();
        if (!header.parse(buf, off, len)) {
            throw new MalformedPacketException(0, "not a PPP frame: bad address/control or protocol field");
        }
        int h = header.headerLength();
        boolean compressed = h == 1 || (h == 3 && header.addressControlPresent());
        return new PppFrame(header.protocol(), header.addressControlPresent(), compressed,
                Arrays.copyOfRange(buf, off + h, off + len));
    }

    /**
     * Builds a frame with {@code headroom} spare octets in front and {@code tailroom} after, so the
     * caller can prepend L2TP/UDP/ESP headers in place. Control protocols go out uncompressed (FF 03 and
     * a two-octet protocol), which every peer must accept.
     *
     * @return the buffer; the frame occupies {@code [headroom, headroom + 4 + information.length)}
     */
    public static byte[] encodeUncompressed(int protocol, byte[] information, int headroom, int tailroom) {
        byte[] buf = new byte[headroom + PppFrameHeader.MAX_LENGTH + information.length + tailroom];
        int infoOffset = headroom + PppFrameHeader.MAX_LENGTH;
        System.arraycopy(information, 0, buf, infoOffset, information.length);
        PppFrameHeader.write(buf, infoOffset, protocol, false, false);
        return buf;
    }

    @Override
    public byte[] information() {
        return information.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PppFrame f && f.protocol == protocol && f.addressControlPresent == addressControlPresent
                && f.protocolCompressed == protocolCompressed && Arrays.equals(f.information, information);
    }

    @Override
    public int hashCode() {
        return protocol * 31 + Arrays.hashCode(information);
    }

    @Override
    public String toString() {
        return PppProtocol.name(protocol) + "[" + information.length + " octets]";
    }
}
