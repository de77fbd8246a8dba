package org.certvpn.net;

import java.net.InetSocketAddress;

/**
 * Where a received datagram came from and how long it is; owned by one receive loop and refilled by every
 * {@link DatagramEndpoint#receive} so that nothing is allocated per packet. The source address object is
 * reused while consecutive packets come from the same sender.
 */
public final class ReceivedDatagram {
    private InetSocketAddress source;
    private int length;

    /** The sender's address and port (port 0 for raw IP protocol 50). */
    public InetSocketAddress source() {
        return source;
    }

    public int length() {
        return length;
    }

    void set(InetSocketAddress source, int length) {
        this.source = source;
        this.length = length;
    }
}
