package org.certvpn.ike.v1;

import java.util.ArrayList;
import java.util.List;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.VendorIdPayload;

/**
 * Vendor IDs CertVPN recognises (each the MD5 of a well-known string). Some carry version or capability
 * bytes after the 16-byte hash, so matching is by prefix.
 */
public enum VendorId {
    NAT_T_RFC3947("4a131c81070358455c5728f20e95452f", "RFC 3947"),
    NAT_T_DRAFT_03("7d9419a65310ca6f2c179d9215529d56", "draft-ietf-ipsec-nat-t-ike-03"),
    NAT_T_DRAFT_02N("90cb80913ebb696e086381b5ec427b1f", "draft-ietf-ipsec-nat-t-ike-02\\n"),
    NAT_T_DRAFT_02("cd60464335df21f87cfdb2fc68b6a448", "draft-ietf-ipsec-nat-t-ike-02"),
    NAT_T_DRAFT_01("16f6ca16e4a4066d83821a0f0aeaa862", "draft-ietf-ipsec-nat-t-ike-01"),
    NAT_T_DRAFT_00("4485152d18b6bbcd0be8a8469579ddcc", "draft-ietf-ipsec-nat-t-ike-00"),
    DPD("afcad71368a1f1c96b8696fc77570100", "DPD (RFC 3706)"),
    FRAGMENTATION("4048b7d56ebce88525e7de7f00d6c2d3", "FRAGMENTATION"),
    MS_NT5_ISAKMPOAKLEY("1e2b516905991c7d7c96fcbfb587e461", "MS NT5 ISAKMPOAKLEY"),
    MS_FRAGMENTATION_NEGOTIATION("01528bbbc00696121849ab9a1c5b2a51", "Microsoft Vid-01528bbb"),
    MS_NEGOTIATION_DISCOVERY("fb1de3cdf341b7ea16b7e5be0855f120", "MS-Negotiation Discovery Capable"),
    MS_INITIAL_CONTACT("26244d38eddb61b3172a36e3d0cfb819", "Vid-Initial-Contact"),
    IKE_CGA_V1("e3a5966a76379fe707228231e5ce8652", "IKE CGA version 1"),
    XAUTH("09002689dfd6b712", "XAUTH"),
    CISCO_UNITY("12f5f28c457168a9702d9fe274cc0100", "Cisco Unity");

    /** The capability word racoon and strongSwan append to FRAGMENTATION: "fragmentation for Main/Aggressive Mode". */
    static final Octets FRAGMENTATION_WITH_CAPABILITY = Octets.fromHex("4048b7d56ebce88525e7de7f00d6c2d380000000");

    private final Octets bytes;
    private final String description;

    VendorId(String hex, String description) {
        this.bytes = Octets.fromHex(hex);
        this.description = description;
    }

    public Octets bytes() {
        return bytes;
    }

    public String description() {
        return description;
    }

    public VendorIdPayload payload() {
        return new VendorIdPayload(bytes);
    }

    /** The known vendor ID this payload carries, or null. */
    public static VendorId of(Octets data) {
        for (VendorId v : values()) {
            if (data.startsWith(v.bytes)) {
                return v;
            }
        }
        return null;
    }

    /** Trace text for a list of vendor IDs: known names, unknown ones as hex. */
    static String describe(List<VendorIdPayload> vids) {
        List<String> parts = new ArrayList<>();
        for (VendorIdPayload p : vids) {
            VendorId v = of(p.data());
            parts.add(v != null ? v.description : p.data().hex());
        }
        return String.join(", ", parts);
    }
}
