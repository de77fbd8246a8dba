package org.certvpn.ike.v1;

import java.util.List;
import org.certvpn.ike.wire.IpsecAttribute;
import org.certvpn.ike.wire.PayloadType;
import org.certvpn.ike.wire.VendorIdPayload;

/**
 * The NAT-T variant two peers agreed on, chosen from the initiator's vendor IDs. The variant fixes the
 * payload numbers (NAT-D 20/130, NAT-OA 21/131) and the UDP encapsulation modes (RFC 3947 §5.1: 3 and 4;
 * drafts: 61443 and 61444). Drafts 00/01 did not float to port 4500 and are not offered.
 */
public enum NatTraversal {
    RFC_3947(VendorId.NAT_T_RFC3947, PayloadType.NAT_D, PayloadType.NAT_OA,
            IpsecAttribute.MODE_UDP_TUNNEL_RFC, IpsecAttribute.MODE_UDP_TRANSPORT_RFC),
    DRAFT_03(VendorId.NAT_T_DRAFT_03, PayloadType.NAT_D_DRAFT, PayloadType.NAT_OA_DRAFT,
            IpsecAttribute.MODE_UDP_TUNNEL_DRAFT, IpsecAttribute.MODE_UDP_TRANSPORT_DRAFT),
    DRAFT_02N(VendorId.NAT_T_DRAFT_02N, PayloadType.NAT_D_DRAFT, PayloadType.NAT_OA_DRAFT,
            IpsecAttribute.MODE_UDP_TUNNEL_DRAFT, IpsecAttribute.MODE_UDP_TRANSPORT_DRAFT),
    DRAFT_02(VendorId.NAT_T_DRAFT_02, PayloadType.NAT_D_DRAFT, PayloadType.NAT_OA_DRAFT,
            IpsecAttribute.MODE_UDP_TUNNEL_DRAFT, IpsecAttribute.MODE_UDP_TRANSPORT_DRAFT);

    public static final int NAT_T_PORT = 4500;

    private final VendorId vendorId;
    private final PayloadType natD;
    private final PayloadType natOa;
    private final int udpTunnelMode;
    private final int udpTransportMode;

    NatTraversal(VendorId vendorId, PayloadType natD, PayloadType natOa, int udpTunnelMode, int udpTransportMode) {
        this.vendorId = vendorId;
        this.natD = natD;
        this.natOa = natOa;
        this.udpTunnelMode = udpTunnelMode;
        this.udpTransportMode = udpTransportMode;
    }

    public VendorId vendorId() {
        return vendorId;
    }

    public PayloadType natD() {
        return natD;
    }

    public PayloadType natOa() {
        return natOa;
    }

    public int udpTransportMode() {
        return udpTransportMode;
    }

    public int udpTunnelMode() {
        return udpTunnelMode;
    }

    /** The most recent variant among the peer's vendor IDs (RFC first), or null when it offers none we speak. */
    public static NatTraversal choose(List<VendorIdPayload> vids) {
        for (NatTraversal n : values()) {
            for (VendorIdPayload v : vids) {
                if (VendorId.of(v.data()) == n.vendorId) {
                    return n;
                }
            }
        }
        return null;
    }

    public static boolean isUdpTransport(int mode) {
        return mode == IpsecAttribute.MODE_UDP_TRANSPORT_RFC || mode == IpsecAttribute.MODE_UDP_TRANSPORT_DRAFT;
    }
}
