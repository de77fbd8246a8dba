package org.certvpn.net;

import java.io.Closeable;
import java.io.IOException;

/**
 * A layer-3 tunnel device: IP packets in and out, no link header. The gateway reads packets addressed to
 * its clients and writes the packets its clients send. {@link LinuxTunDevice} is the kernel's TUN;
 * {@link InMemoryTunDevice} stands in for it in tests.
 */
public interface TunDevice extends Closeable {

    /** Interface name, e.g. {@code certvpn0}. */
    String name();

    int mtu();

    /**
     * Blocks until the kernel hands over a packet and copies it to {@code buf[off...]}.
     *
     * @return the packet's length, or -1 once the device is closed (close wakes a waiting reader promptly)
     */
    int read(byte[] buf, int off, int maxLength) throws IOException;

    /**
     * Hands one IP packet to the kernel without blocking.
     *
     * @return false if the packet was dropped because the device's queue is full (count it)
     */
    boolean write(byte[] buf, int off, int length) throws IOException;

    /** Wakes any reader (which returns -1) and releases the device. Idempotent. */
    @Override
    void close();
}
