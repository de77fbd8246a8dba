/**
 * PPP wire formats: the frame header (RFC 1661 §2 with RFC 1662 address/control), the control packet
 * shared by LCP, IPCP and friends (RFC 1661 §5), configuration options, and the CHAP (RFC 1994) and
 * PAP (RFC 1334) packets. Decoders yield immutable values or throw
 * {@link org.certvpn.common.MalformedPacketException}; the data-path header parser never throws.
 */
package org.certvpn.ppp.wire;
