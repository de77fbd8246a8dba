/**
 * The one RFC 1661 §4 option-negotiation automaton, shared by LCP and IPCP (and any later NCP) the
 * way pppd's {@code fsm.c} is: the automaton owns states, identifiers, the restart timer and its
 * counters; each protocol plugs in a {@link org.certvpn.ppp.fsm.NegotiatedProtocol} that builds and
 * judges options and hears this-layer-up/down/started/finished.
 */
package org.certvpn.ppp.fsm;
