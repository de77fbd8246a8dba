package org.certvpn.net;

import java.net.InetSocketAddress;

/**
 * A socket double for benchmarks: {@link #receive} hands out the armed datagram once, then reports the
 * socket closed, so that a receive loop's {@code run()} processes exactly one packet and returns. Nothing
 * is allocated.
 */
public final class OneShotEndpoint implements DatagramEndpoint {
    private final InetSocketAddress local;
    private byte[] data;
    private int length;
    private InetSocketAddress source;
    private boolean armed;

    public OneShotEndpoint(InetSocketAddress local) {
        this.local = local;
    }

    /** The next {@link #receive} returns {@code data[0, length)} from {@code source}. */
    public void arm(byte[] data, int length, InetSocketAddress source) {
        this.data = data;
        this.length = length;
        this.source = source;
        this.armed = true;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public boolean receive(byte[] buf, int off, int maxLength, ReceivedDatagram into) {
        if (!armed) {
            return false;
        }
        armed = false;
        int n = Math.min(length, maxLength);
        System.arraycopy(data, 0, buf, off, n);
        into.set(source, n);
        return true;
    }

    @Override
    public boolean send(byte[] buf, int off, int length, InetSocketAddress destination) {
        return true;
    }

    @Override
    public void close() {
        armed = false;
    }
}
