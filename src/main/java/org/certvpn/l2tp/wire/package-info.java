/**
 * L2TPv2 wire formats (RFC 2661 §3 and §4): the control message codec with AVPs and hidden AVPs,
 * the rule table of required AVPs per message, tunnel authentication digests, and the
 * allocation-free data message header used on the data path.
 *
 * <p>Nothing here keeps state between packets or knows about tunnels, sessions, sockets or time.
 * Decoding control messages yields immutable values or throws
 * {@link org.certvpn.common.MalformedPacketException}; the data header parser never throws and
 * reports a drop reason instead.
 */
package org.certvpn.l2tp.wire;
