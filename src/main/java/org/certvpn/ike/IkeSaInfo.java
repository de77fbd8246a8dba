package org.certvpn.ike;

import org.certvpn.identity.PeerIdentity;

/**
 * An established IKE SA as the gateway sees it.
 *
 * @param serial engine-unique number, also the {@code ike#N} label in traces
 * @param peer the peer's outer endpoint (after NAT, after the NAT-T float)
 * @param localPort our port the SA talks on (500, or 4500 after the float)
 * @param identity who the peer proved to be
 * @param proposal the chosen algorithms, e.g. "AES_CBC_256/SHA1/MODP_1024/RSA-SIG"
 * @param natTraversal whether ESP goes in UDP (NAT detected, or encapsulation forced)
 */
public record IkeSaInfo(long serial, Endpoint peer, int localPort, PeerIdentity identity, String proposal,
        boolean natTraversal) {

    public String label() {
        return "ike#" + serial;
    }
}
