package org.certvpn.esp;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import org.certvpn.ipsec.EspCipher;

/**
 * One data-path thread's ESP worker: seals and opens packets in place, with the thread's own keyed cipher
 * objects, digests and scratch space. Create one per thread and never share it; SAs are shared freely.
 *
 * <h2>Outbound (seal)</h2>
 * The caller puts the payload (in transport mode the inner UDP datagram, next header 17; in tunnel mode an
 * IP packet, next header 4) at {@code payloadOff} of a buffer with at least {@link Esp#MAX_HEADROOM} bytes
 * before it and {@link Esp#MAX_TAILROOM} after it. Seal claims the next sequence number (failing with
 * {@code SEQUENCE_EXHAUSTED} once the 32-bit space is used up), writes the trailer (pad bytes 1, 2, 3, ...,
 * pad length, next header) after the payload and the SPI and sequence number before it, and writes into the
 * IV field the per-SA salt XOR the sequence number XOR the cipher's chaining register. One CBC pass over
 * IV field + payload + trailer then yields E(salt XOR seq) as the IV followed by the payload encrypted under
 * that IV (see docs/ESP.md for why that IV is unpredictable). The ciphertext is copied back into place, and
 * the HMAC of header, IV and ciphertext, truncated, is appended as the ICV. The packet's bounds are
 * {@link #packetOffset()} and {@link #packetLength()}; the caller prepends UDP (RFC 3948) or hands it to the
 * raw socket.
 *
 * <h2>Inbound (open)</h2>
 * The caller classifies a UDP/4500 datagram with {@link UdpEncapsulation} (or takes a raw protocol-50 packet
 * as is), then calls {@link #open(InboundSaTable, byte[], int, int, InetSocketAddress)}: the SPI selects the
 * SA, whose outer address:port must be the sender's. The sequence number is checked against the replay
 * window without changing it, the ICV is verified in constant time BEFORE anything is decrypted, and only
 * then is the window updated (RFC 4303 §3.4.3). One CBC pass from the IV block onward decrypts into scratch
 * (the first output block is discarded, so the cipher needs no IV set); the padding is checked, and the
 * payload is copied back over the ciphertext. Its bounds and next header are {@link #payloadOffset()},
 * {@link #payloadLength()}, {@link #nextHeader()}. Any failure is a status, counted per reason; nothing
 * throws and nothing is allocated per packet.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ----
 * |               Security Parameters Index (SPI)                 | ^Int.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |Cov-
 * |                      Sequence Number                          | |ered
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ | ----
 * |                    IV (one cipher block)                      | |   ^
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |   |
 * ~                    Payload Data (variable)                    ~ |Conf.
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |Cov-
 * |               |     Padding (0-255 bytes: 1, 2, 3, ...)       | |ered
 * +-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |   |
 * |                               |  Pad Length   | Next Header   | v   v
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ------
 * |         Integrity Check Value (12, 16, 24 or 32 bytes)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                       RFC 4303 §2 with a CBC cipher (RFC 3602 §3)
 * </pre>
 */
public final class EspContext {
    /** Largest ESP packet handled: a whole IPv4 datagram. */
    static final int MAX_PACKET = 65_535;

    private static final EspStatus[] STATUSES = EspStatus.values();

    private final CipherCache[] decryptors = new CipherCache[2];
    private final CipherCache[] encryptors = new CipherCache[2];
    private final Hmac hmac = new Hmac();
    private final byte[] mac = new byte[Hmac.MAX_MAC_LENGTH];
    private final byte[] scratch = new byte[MAX_PACKET];
    /** Per reason; written only by the owning thread, read by anyone (metrics). */
    private final AtomicLongArray counts = new AtomicLongArray(STATUSES.length);

    private int payloadOffset;
    private int payloadLength;
    private int nextHeader;
    private InboundSa openedSa;
    private int packetOffset;
    private int packetLength;

    /**
     * Looks up the SA by the packet's SPI, checks that it belongs to {@code source}, and opens the packet.
     *
     * @param buf holds the ESP packet (SPI first) at {@code off}, {@code len} bytes
     * @param source outer address:port the packet came from (port 0 for raw IP protocol 50)
     */
    public EspStatus open(InboundSaTable table, byte[] buf, int off, int len, InetSocketAddress source) {
        if (len < Esp.HEADER_LENGTH || off < 0 || len > buf.length - off) {
            return drop(EspStatus.MALFORMED);
        }
        InboundSa sa = table.find(Esp.readInt(buf, off));
        if (sa == null) {
            return drop(EspStatus.NO_SA);
        }
        if (!sa.isFrom(source)) {
            return drop(EspStatus.PEER_MISMATCH);
        }
        return open(sa, buf, off, len);
    }

    /** Opens a packet whose SA the caller has already found and matched to its sender. */
    public EspStatus open(InboundSa sa, byte[] buf, int off, int len) {
        EspCipher c = sa.cipher;
        int ivLength = c.ivLength();
        int blockSize = c.blockSize();
        int icvLength = sa.integrity.icvLength();
        if (off < 0 || len < 0 || len > buf.length - off || len > MAX_PACKET) {
            return drop(EspStatus.MALFORMED);
        }
        int cipherLength = len - Esp.HEADER_LENGTH - ivLength - icvLength;
        if (cipherLength < blockSize || cipherLength % blockSize != 0) {
            return drop(EspStatus.MALFORMED);
        }
        if (Esp.readInt(buf, off) != sa.spi() || sa.isDestroyed()) {
            return drop(EspStatus.NO_SA);
        }
        long seq = Esp.readInt(buf, off + 4) & 0xFFFF_FFFFL;
        ReplayWindow window = sa.replayWindow();
        if (!window.mayAccept(seq)) {
            return drop(EspStatus.REPLAY);
        }
        int icvOffset = off + len - icvLength;
        hmac.mac(sa.integrityKey, buf, off, icvOffset - off, mac, 0);
        if (!Hmac.constantTimeEquals(mac, 0, buf, icvOffset, icvLength)) {
            return drop(EspStatus.BAD_ICV);
        }
        if (!window.accept(seq)) {
            return drop(EspStatus.REPLAY);
        }

        CipherCache cache = decryptors(c);
        int slot = cache.slotFor(sa);
        int ivOffset = off + Esp.HEADER_LENGTH;
        // Decrypting the IV block too leaves the correct chaining value for the first payload block,
        // whatever the cipher's register held; the garbage first output block is skipped.
        update(cache.cipher(slot), buf, ivOffset, ivLength + cipherLength);
        int trailer = ivLength + cipherLength - 2;
        int padLength = scratch[trailer] & 0xFF;
        int next = scratch[trailer + 1] & 0xFF;
        if (padLength > cipherLength - 2) {
            return drop(EspStatus.BAD_PADDING);
        }
        int length = cipherLength - 2 - padLength;
        int badPad = 0;
        for (int i = 0; i < padLength; i++) {
            badPad |= (scratch[ivLength + length + i] & 0xFF) ^ (i + 1);
        }
        if (badPad != 0) {
            return drop(EspStatus.BAD_PADDING);
        }
        if (next == Esp.NEXT_HEADER_NONE) {
            return drop(EspStatus.DUMMY);
        }
        System.arraycopy(scratch, ivLength, buf, ivOffset + ivLength, length);
        sa.count(len);
        payloadOffset = ivOffset + ivLength;
        payloadLength = length;
        nextHeader = next;
        openedSa = sa;
        counts.setOpaque(EspStatus.OK.ordinal(), counts.getPlain(EspStatus.OK.ordinal()) + 1);
        return EspStatus.OK;
    }

    /**
     * Seals {@code buf[payloadOff, payloadOff + payloadLen)} in place into an ESP packet.
     *
     * @param nextHeader {@link Esp#NEXT_HEADER_UDP} in transport mode for L2TP, {@link Esp#NEXT_HEADER_IPV4}
     *     in tunnel mode
     */
    public EspStatus seal(OutboundSa sa, byte[] buf, int payloadOff, int payloadLen, int nextHeader) {
        EspCipher c = sa.cipher;
        int ivLength = c.ivLength();
        int blockSize = c.blockSize();
        int icvLength = sa.integrity.icvLength();
        if (payloadLen < 0 || payloadLen > MAX_PACKET) {
            return drop(EspStatus.NO_ROOM);
        }
        if (sa.isDestroyed()) {
            return drop(EspStatus.NO_SA);
        }
        int padded = (payloadLen + 2 + blockSize - 1) / blockSize * blockSize;
        int start = payloadOff - Esp.HEADER_LENGTH - ivLength;
        if (start < 0 || payloadOff > buf.length || padded + icvLength > buf.length - payloadOff
                || Esp.HEADER_LENGTH + ivLength + padded + icvLength > MAX_PACKET) {
            return drop(EspStatus.NO_ROOM);
        }
        long seq = sa.nextSequence();
        if (seq < 0) {
            return drop(EspStatus.SEQUENCE_EXHAUSTED);
        }
        int padLength = padded - payloadLen - 2;
        int trailer = payloadOff + payloadLen;
        for (int i = 0; i < padLength; i++) {
            buf[trailer + i] = (byte) (i + 1);
        }
        buf[trailer + padLength] = (byte) padLength;
        buf[trailer + padLength + 1] = (byte) nextHeader;
        Esp.writeInt(buf, start, sa.spi());
        Esp.writeInt(buf, start + 4, (int) seq);

        CipherCache cache = encryptors(c);
        int slot = cache.slotFor(sa);
        byte[] register = cache.register(slot);
        int ivOffset = payloadOff - ivLength;
        // CBC turns this block into E(salt XOR seq): the register XOR cancels the chaining value.
        byte[] salt = sa.ivSalt;
        for (int i = 0; i < ivLength; i++) {
            buf[ivOffset + i] = (byte) (salt[i] ^ register[i]);
        }
        for (int i = 0; i < 8; i++) {
            buf[ivOffset + ivLength - 1 - i] ^= (byte) (seq >>> (8 * i));
        }
        int encrypted = ivLength + padded;
        update(cache.cipher(slot), buf, ivOffset, encrypted);
        System.arraycopy(scratch, 0, buf, ivOffset, encrypted);
        System.arraycopy(scratch, encrypted - blockSize, register, 0, blockSize);

        int icvOffset = payloadOff + padded;
        hmac.mac(sa.integrityKey, buf, start, icvOffset - start, mac, 0);
        System.arraycopy(mac, 0, buf, icvOffset, icvLength);
        packetOffset = start;
        packetLength = icvOffset + icvLength - start;
        sa.count(packetLength);
        counts.setOpaque(EspStatus.OK.ordinal(), counts.getPlain(EspStatus.OK.ordinal()) + 1);
        return EspStatus.OK;
    }

    private void update(Cipher cipher, byte[] buf, int off, int len) {
        try {
            // Into scratch, not in place: the JCE copies overlapping input to a fresh array first.
            cipher.update(buf, off, len, scratch, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("scratch is sized for the largest packet", e);
        }
    }

    private CipherCache decryptors(EspCipher c) {
        int family = c == EspCipher.TRIPLE_DES_CBC ? 1 : 0;
        CipherCache cache = decryptors[family];
        if (cache == null) {
            cache = new CipherCache(c.jceTransformation(), Cipher.DECRYPT_MODE, c.blockSize());
            decryptors[family] = cache;
        }
        return cache;
    }

    private CipherCache encryptors(EspCipher c) {
        int family = c == EspCipher.TRIPLE_DES_CBC ? 1 : 0;
        CipherCache cache = encryptors[family];
        if (cache == null) {
            cache = new CipherCache(c.jceTransformation(), Cipher.ENCRYPT_MODE, c.blockSize());
            encryptors[family] = cache;
        }
        return cache;
    }

    /** Counts a packet dropped before it reached ESP (e.g. {@link EspStatus#NO_SA} found by the caller). */
    public EspStatus drop(EspStatus reason) {
        int i = reason.ordinal();
        counts.setOpaque(i, counts.getPlain(i) + 1);
        return reason;
    }

    /** Packets with this outcome so far ({@link EspStatus#OK} counts both directions). */
    public long count(EspStatus outcome) {
        return counts.getOpaque(outcome.ordinal());
    }

    /** Start of the payload after a successful open (where the ciphertext began). */
    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** Next header of the opened payload: 17 (UDP) in transport mode, 4 (IPv4) in tunnel mode. */
    public int nextHeader() {
        return nextHeader;
    }

    /** The SA of the last successful open (the session it belongs to is the caller's to find). */
    public InboundSa openedSa() {
        return openedSa;
    }

    /** Start of the ESP packet (its SPI) after a successful seal. */
    public int packetOffset() {
        return packetOffset;
    }

    public int packetLength() {
        return packetLength;
    }

    /** Cipher re-keys because another SA held this thread's slot (for tuning {@link CipherCache#SLOTS}). */
    public long cipherCacheMisses() {
        long total = 0;
        for (CipherCache c : decryptors) {
            total += c == null ? 0 : c.misses();
        }
        for (CipherCache c : encryptors) {
            total += c == null ? 0 : c.misses();
        }
        return total;
    }
}
