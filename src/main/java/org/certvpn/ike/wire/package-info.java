/**
 * The ISAKMP codec (RFC 2408, RFC 2407 IPsec DOI, RFC 3947 NAT-T, Cisco/Microsoft IKE fragments):
 * immutable payload values, positioned decode errors, open value types for wire numbers. Knows nothing
 * of keys or exchanges; {@code ike.v1} decides what a message must contain.
 */
package org.certvpn.ike.wire;
