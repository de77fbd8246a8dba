package org.certvpn.l2tp;

/**
 * What is known about a tunnel (control connection), as reported to the owner.
 *
 * @param peerKey          the opaque key of the ESP SA or outer address the tunnel is bound to
 * @param localTunnelId    our Assigned Tunnel ID (unique per peer key)
 * @param peerTunnelId     the peer's Assigned Tunnel ID
 * @param peerHostName     the peer's Host Name AVP
 * @param peerVendorName   the peer's Vendor Name AVP, empty when not sent
 * @param peerFramingCapabilities the peer's Framing Capabilities (1 synchronous, 2 asynchronous)
 * @param peerBearerCapabilities  the peer's Bearer Capabilities (1 digital, 2 analog), 0 when not sent
 * @param peerFirmwareRevision    the peer's Firmware Revision, 0 when not sent
 * @param peerReceiveWindow the peer's Receive Window Size (4 when not sent)
 * @param authenticated    whether the peer proved the tunnel secret with a Challenge Response
 */
public record TunnelInfo(Object peerKey, int localTunnelId, int peerTunnelId, String peerHostName,
                         String peerVendorName, long peerFramingCapabilities, long peerBearerCapabilities,
                         int peerFirmwareRevision, int peerReceiveWindow,
                         boolean authenticated) {}
