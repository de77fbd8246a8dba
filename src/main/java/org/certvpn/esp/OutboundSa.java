package org.certvpn.esp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.certvpn.ipsec.ChildSaKeys;

/**
 * The sending half of an ESP SA: the peer's SPI, our keys for it, the 64-bit sequence counter and the
 * IV salt. Sealing is thread-safe: the counter is atomic and the rest is immutable.
 *
 * <p>Without extended sequence numbers the wire carries 32 bits, and RFC 4303 §3.3.3 forbids the counter
 * to cycle: after packet 2<sup>32</sup>-1 every seal fails with {@link EspStatus#SEQUENCE_EXHAUSTED}.
 * {@link #needsRekey()} turns true well before that, and when the negotiated kilobyte lifetime is 90% used,
 * so IKE can replace the SA without a gap.
 */
public final class OutboundSa extends SaKeys {
    /** Last sequence number a non-ESN SA may send. */
    public static final long LAST_SEQUENCE = 0xFFFF_FFFFL;
    /** Sequence number from which {@link #needsRekey()} asks for a new SA (about 94% of the space). */
    static final long REKEY_SEQUENCE = 0xF000_0000L;

    private static final VarHandle SEQUENCE;
    private static final VarHandle BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SEQUENCE = lookup.findVarHandle(OutboundSa.class, "sequence", long.class);
            BYTES = lookup.findVarHandle(OutboundSa.class, "bytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int spi;
    private final ChildSaKeys.Mode mode;
    private final boolean udpEncapsulated;
    private final long rekeyBytes;
    /** Random per SA; XORed into the counter block whose encryption becomes the IV (see docs/ESP.md). */
    final byte[] ivSalt;
    private volatile InetSocketAddress peer;
    @SuppressWarnings("unused") // updated through SEQUENCE
    private volatile long sequence;
    @SuppressWarnings("unused") // updated through BYTES
    private volatile long bytes;

    /**
     * @param keys the negotiated SA pair; its outbound SPI and keys are used
     * @param peer where sealed packets go: the peer's outer address and port (port 0 for raw ESP)
     * @param random source of the per-SA IV salt (a {@code SecureRandom} in production)
     */
    public OutboundSa(ChildSaKeys keys, InetSocketAddress peer, RandomGenerator random) {
        super(keys.cipher(), keys.integrity(), keys.outboundEncryptionKey(), keys.outboundIntegrityKey());
        this.spi = keys.outboundSpi();
        this.mode = keys.mode();
        this.udpEncapsulated = keys.udpEncapsulated();
        this.peer = Objects.requireNonNull(peer, "peer");
        this.rekeyBytes = keys.lifetimeKilobytes() > 0 ? keys.lifetimeKilobytes() * 1024 / 10 * 9 : Long.MAX_VALUE;
        this.ivSalt = new byte[keys.cipher().blockSize()];
        random.nextBytes(ivSalt);
    }

    public int spi() {
        return spi;
    }

    public ChildSaKeys.Mode mode() {
        return mode;
    }

    /** ESP-in-UDP to {@link #peer()} (RFC 3948) rather than raw IP protocol 50. */
    public boolean udpEncapsulated() {
        return udpEncapsulated;
    }

    public InetSocketAddress peer() {
        return peer;
    }

    /** Follows the peer to a new outer address:port (decided by IKE, see {@link InboundSa#updatePeer}). */
    public void updatePeer(InetSocketAddress newPeer) {
        this.peer = Objects.requireNonNull(newPeer, "newPeer");
    }

    /** Claims the next sequence number, or returns -1 once the 32-bit space is used up. */
    long nextSequence() {
        long next = (long) SEQUENCE.getAndAdd(this, 1L) + 1;
        return next <= LAST_SEQUENCE ? next : -1;
    }

    void count(int packetLength) {
        BYTES.getAndAdd(this, (long) packetLength);
    }

    /** Sequence numbers handed out so far (also counts failed attempts past exhaustion). */
    public long sequence() {
        return sequence;
    }

    /** Bytes of ESP packets sealed. */
    public long bytes() {
        return bytes;
    }

    /** True when a replacement SA should be negotiated now: sequence space or kilobyte lifetime nearly used. */
    public boolean needsRekey() {
        return sequence >= REKEY_SEQUENCE || bytes >= rekeyBytes;
    }

    /** True once sealing fails for good (RFC 4303 §3.3.3). */
    public boolean isExhausted() {
        return sequence >= LAST_SEQUENCE;
    }

    /** Test hook: start the counter elsewhere to exercise the end of the sequence space. */
    void setSequenceForTest(long value) {
        SEQUENCE.setVolatile(this, value);
    }

    @Override
    public String toString() {
        return "OutboundSa[" + String.format("%08x", spi) + " to " + peer + ", " + cipher + "/" + integrity + "]";
    }
}
