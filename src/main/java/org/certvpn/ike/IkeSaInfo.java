package org.certvpn.ike;

import java.net.InetAddress;
import java.util.Objects;
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
 * @param localAddress our address the peer sends to ({@link Endpoint#UNSPECIFIED} when the engine was not
 *     told it)
 */
public record IkeSaInfo(long serial, Endpoint peer, int localPort, PeerIdentity identity, String proposal,
        boolean natTraversal, InetAddress localAddress) {

    public IkeSaInfo {
        Objects.requireNonNull(localAddress, "localAddress");
    }

    /** Without our address (reported as {@link Endpoint#UNSPECIFIED}). */
    public IkeSaInfo(long serial, Endpoint peer, int localPort, PeerIdentity identity, String proposal,
            boolean natTraversal) {
        this(serial, peer, localPort, identity, proposal, natTraversal, Endpoint.UNSPECIFIED);
    }

    /** Our address and port this SA talks on. */
    public Endpoint local() {
        return new Endpoint(localAddress, localPort);
    }

    public String label() {
        return "ike#" + serial;
    }
}
