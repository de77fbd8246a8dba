/**
 * The IPv4 address pool that IPCP hands addresses from: a dynamic range plus static reservations,
 * O(1) allocate/release, and an O(1) address-to-slot lookup the outbound router uses to find the
 * session that owns a destination address.
 */
package org.certvpn.pool;
