/**
 * The edge: UDP sockets ({@link org.certvpn.net.UdpEndpoint}), raw IP protocol 50
 * ({@link org.certvpn.net.RawEspSocket}) and the TUN device ({@link org.certvpn.net.LinuxTunDevice}) through
 * the FFM API, network namespaces, and in-memory doubles ({@link org.certvpn.net.InMemoryNetwork},
 * {@link org.certvpn.net.InMemoryTunDevice}) for end-to-end tests. Moves bytes only; knows no protocol.
 * See docs/NET.md.
 */
package org.certvpn.net;
