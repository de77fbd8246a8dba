package org.certvpn.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The sockets of one lane's clients: a UDP port of their own each. {@link SelectorTransport} uses the
 * kernel's sockets; {@link EndpointTransport} the project's in-memory network, for tests.
 */
interface LaneTransport extends AutoCloseable {
    /** Opens the client's socket on its source address; sets {@link LoadClient#socket} and {@link LoadClient#localPort}. */
    void open(LoadClient client) throws IOException;

    /** Returns false when the kernel had no room for the datagram (a non-blocking send). */
    boolean send(LoadClient client, byte[] buf, int off, int len, InetSocketAddress to) throws IOException;

    void close(LoadClient client);

    /**
     * Waits up to {@code timeoutMillis} (0: not at all) for datagrams and hands each to {@code receiver}, at
     * most {@code max}. Returns how many were handed over.
     */
    int poll(long timeoutMillis, int max, Receiver receiver) throws IOException;

    /** Makes a waiting {@link #poll} return (from any thread). */
    void wakeup();

    @Override
    void close();

    interface Receiver {
        /** {@code buf[0, len)} arrived for {@code client} from {@code from}; valid only during the call. */
        void datagram(LoadClient client, byte[] buf, int len, InetSocketAddress from);
    }
}
