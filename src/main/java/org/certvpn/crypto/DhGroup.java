package org.certvpn.crypto;

/**
 * Diffie-Hellman groups CertVPN negotiates, numbered as in the IKE registries (RFC 2409 §6, RFC 3526,
 * RFC 5903). The group parameters and key agreement live beside this enum in {@code crypto}.
 */
public enum DhGroup {
    MODP_1024(2, Kind.MODP, 1024, true),
    MODP_1536(5, Kind.MODP, 1536, false),
    MODP_2048(14, Kind.MODP, 2048, false),
    MODP_3072(15, Kind.MODP, 3072, false),
    MODP_4096(16, Kind.MODP, 4096, false),
    ECP_256(19, Kind.ECP, 256, false),
    ECP_384(20, Kind.ECP, 384, false);

    public enum Kind { MODP, ECP }

    private final int number;
    private final Kind kind;
    private final int bits;
    private final boolean legacy;

    DhGroup(int number, Kind kind, int bits, boolean legacy) {
        this.number = number;
        this.kind = kind;
        this.bits = bits;
        this.legacy = legacy;
    }

    /** The group number on the wire (IKEv1 group description attribute, IKEv2 transform ID). */
    public int number() { return number; }
    public Kind kind() { return kind; }
    /** Modulus size (MODP) or field size (ECP) in bits. */
    public int bits() { return bits; }
    /**
     * Part of the "legacy clients" set: MODP1024 is all Android's built-in L2TP client offers, so it is
     * on by default for L2TP and one setting turns it off.
     */
    public boolean legacy() { return legacy; }

    /** The group with this number, or null when CertVPN does not implement it. */
    public static DhGroup byNumber(int number) {
        for (DhGroup g : values()) {
            if (g.number == number) {
                return g;
            }
        }
        return null;
    }
}
