package org.certvpn.gateway;

/**
 * What the data path needs to move IP packets of one established session, published by the session's
 * shard as one immutable value (read without locks by receive loops and the TUN loop).
 *
 * @param clientAddress the address IPCP assigned, as an int (the only source address accepted inbound)
 * @param peerTunnelId L2TP IDs written into outbound data headers
 * @param lengthBit set the L bit on outbound data messages
 * @param sequencing the session sends Ns on data messages: outbound data then goes through the engine
 */
record DataPath(int clientAddress, int peerTunnelId, int peerSessionId, boolean lengthBit, boolean sequencing) {}
