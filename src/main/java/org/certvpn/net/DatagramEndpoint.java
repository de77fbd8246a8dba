package org.certvpn.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A bound datagram socket as the gateway sees it: UDP 500/4500/1701 ({@link UdpEndpoint}), raw ESP
 * ({@link RawEspSocket}), or an in-memory stand-in ({@link InMemoryNetwork}). Each receive loop owns one
 * endpoint; sending is thread-safe.
 */
public interface DatagramEndpoint extends Closeable {

    /** The bound local address (port 0 for raw ESP). */
    InetSocketAddress localAddress();

    /**
     * Blocks for the next datagram, copies its payload to {@code buf[off...]} (truncated to
     * {@code maxLength}) and fills {@code into}.
     *
     * @return false once the endpoint is closed (close wakes a waiting receiver)
     */
    boolean receive(byte[] buf, int off, int maxLength, ReceivedDatagram into) throws IOException;

    /**
     * Sends {@code buf[off, off + length)} to {@code destination}; waits at most for local socket buffer space.
     *
     * @return false if the datagram was dropped for lack of buffer space (count it)
     */
    boolean send(byte[] buf, int off, int length, InetSocketAddress destination) throws IOException;

    @Override
    void close();
}
