package org.certvpn.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.IkeHash;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;

/**
 * Defaults shared by both readers, each chosen as a careful admin would and documented in
 * docs/CONFIG.md.
 */
public final class Defaults {
    private Defaults() {}

    /**
     * Every cipher (AES-256, AES-128, 3DES) with every hash (SHA2-256, SHA1, MD5) on ECP-384, ECP-256,
     * MODP2048 and MODP1024: this covers Android 2.3-11, iOS/macOS and Windows (CLIENT-COMPATIBILITY.md);
     * the legacy members drop out when {@code legacy-clients = false}.
     */
    public static final List<IkeProposal> IKE_PROPOSALS;

    /** AES-256, AES-128, 3DES with SHA2-256 (RFC 4868 truncation), SHA1 and MD5. */
    public static final List<EspProposal> ESP_PROPOSALS;

    public static final int IKE_PORT = 500;
    public static final int NAT_T_PORT = 4500;
    public static final int L2TP_PORT = 1701;

    static {
        List<IkeProposal> ike = new ArrayList<>();
        List<EspProposal> esp = new ArrayList<>();
        for (IkeCipher c : List.of(IkeCipher.AES_CBC_256, IkeCipher.AES_CBC_128, IkeCipher.TRIPLE_DES_CBC)) {
            for (IkeHash h : List.of(IkeHash.SHA2_256, IkeHash.SHA1, IkeHash.MD5)) {
                for (DhGroup g : List.of(DhGroup.ECP_384, DhGroup.ECP_256, DhGroup.MODP_2048, DhGroup.MODP_1024)) {
                    ike.add(new IkeProposal(c, h, g));
                }
            }
        }
        for (EspCipher c : List.of(EspCipher.AES_CBC_256, EspCipher.AES_CBC_128, EspCipher.TRIPLE_DES_CBC)) {
            for (EspIntegrity i : List.of(EspIntegrity.HMAC_SHA2_256_128, EspIntegrity.HMAC_SHA1_96, EspIntegrity.HMAC_MD5_96)) {
                esp.add(new EspProposal(c, i));
            }
        }
        IKE_PROPOSALS = List.copyOf(ike);
        ESP_PROPOSALS = List.copyOf(esp);
    }

    /** 0.0.0.0: every IPv4 address of the host. */
    public static InetAddress anyAddress() {
        return Addresses.parseIpv4("0.0.0.0");
    }

    public static InetAddress loopback() {
        return Addresses.parseIpv4("127.0.0.1");
    }
}
