package org.certvpn.ppp;

import java.net.Inet4Address;
import java.util.List;

/**
 * What IPCP settled, reported through {@link PppListener#networkUp}.
 *
 * @param localAddress this side's address (the gateway's tunnel address, or the client's assigned one)
 * @param peerAddress the other side's address (the client's assigned address, or the gateway's)
 * @param dns DNS servers given (gateway) or received (client)
 * @param nbns NBNS/WINS servers given (gateway); empty on the client
 * @param user the authenticated PPP user name
 * @param peerMru the largest frame the peer accepts
 */
public record NetworkParameters(Inet4Address localAddress, Inet4Address peerAddress, List<Inet4Address> dns,
        List<Inet4Address> nbns, String user, int peerMru) {
    public NetworkParameters {
        dns = List.copyOf(dns);
        nbns = List.copyOf(nbns);
    }
}
