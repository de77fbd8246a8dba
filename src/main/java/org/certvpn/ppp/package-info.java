/**
 * The PPP engine (RFC 1661) that replaces pppd: {@link org.certvpn.ppp.PppSession} is the gateway's
 * side of one link (LCP, authentication, IPCP, the IPv4 data path), {@link org.certvpn.ppp.PppClient}
 * the client's side for tests and the load generator. Sans-IO: frames in, frames and events out
 * through {@link org.certvpn.ppp.PppListener}, time passed in. The gateway hands frames between an
 * L2TP session and a PPP session; the two engines never meet otherwise.
 */
package org.certvpn.ppp;
