package org.certvpn.gateway;

/** How a peer's L2TP reaches us. */
enum Transport {
    /** ESP-in-UDP on port 4500 (RFC 3948) or raw IP protocol 50: production. */
    ESP,
    /** Plain UDP/1701 without IPsec: only in the explicit cleartext test mode. */
    CLEARTEXT
}
