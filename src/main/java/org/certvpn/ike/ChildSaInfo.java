package org.certvpn.ike;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import org.certvpn.identity.PeerIdentity;

/**
 * A negotiated IPsec SA pair, as reported with its keys when installed and again when removed.
 *
 * @param ikeSaSerial the IKE SA that negotiated it
 * @param peer the peer's outer endpoint; with UDP encapsulation ESP goes to this address and port
 * @param identity the authenticated peer
 * @param inboundSpi the SPI we chose (packets from the peer carry it)
 * @param outboundSpi the SPI the peer chose
 * @param peerTrafficAddress the address the peer named in IDci (its private address behind NAT)
 * @param udpEncapsulated ESP in UDP on port 4500 (RFC 3948)
 * @param localAddress our address the peer sends to, which ESP to the peer must come from
 *     ({@link Endpoint#UNSPECIFIED} when the engine was not told it)
 */
public record ChildSaInfo(long ikeSaSerial, Endpoint peer, PeerIdentity identity, int inboundSpi, int outboundSpi,
        Optional<InetAddress> peerTrafficAddress, boolean udpEncapsulated, InetAddress localAddress) {

    public ChildSaInfo {
        Objects.requireNonNull(localAddress, "localAddress");
    }

    /** Without our address (reported as {@link Endpoint#UNSPECIFIED}). */
    public ChildSaInfo(long ikeSaSerial, Endpoint peer, PeerIdentity identity, int inboundSpi, int outboundSpi,
            Optional<InetAddress> peerTrafficAddress, boolean udpEncapsulated) {
        this(ikeSaSerial, peer, identity, inboundSpi, outboundSpi, peerTrafficAddress, udpEncapsulated,
                Endpoint.UNSPECIFIED);
    }

    public String label() {
        return String.format("child %08x/%08x", inboundSpi, outboundSpi);
    }
}
