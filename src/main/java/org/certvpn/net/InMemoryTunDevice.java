package org.certvpn.net;

import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TunDevice} for in-memory end-to-end tests. The test plays the kernel: {@link #inject} hands the
 * gateway a packet as if routed into the device, and {@link #takeWritten} returns what the gateway wrote.
 * Copies every packet (tests only; the real device allocates nothing).
 */
public final class InMemoryTunDevice implements TunDevice {
    private static final byte[] CLOSED = new byte[0];

    private final String name;
    private final int mtu;
    private final BlockingQueue<byte[]> toGateway;
    private final BlockingQueue<byte[]> fromGateway = new LinkedBlockingQueue<>();
    private final AtomicLong droppedWrites = new AtomicLong();
    private final int writeCapacity;
    private volatile boolean closed;

    public InMemoryTunDevice(String name, int mtu) {
        this(name, mtu, Integer.MAX_VALUE);
    }

    /** @param writeCapacity packets the "kernel side" holds before {@link #write} starts dropping */
    public InMemoryTunDevice(String name, int mtu, int writeCapacity) {
        this.name = name;
        this.mtu = mtu;
        this.writeCapacity = writeCapacity;
        this.toGateway = new LinkedBlockingQueue<>();
    }

    /** The kernel routes {@code packet} into the device: the gateway's next {@link #read} returns it. */
    public void inject(byte[] packet) {
        if (!closed) {
            toGateway.add(packet.clone());
        }
    }

    /** The next packet the gateway wrote, or null after the timeout. */
    public byte[] takeWritten(long timeout, TimeUnit unit) throws InterruptedException {
        return fromGateway.poll(timeout, unit);
    }

    /** Packets written and not yet taken. */
    public int pendingWritten() {
        return fromGateway.size();
    }

    public long droppedWrites() {
        return droppedWrites.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public int read(byte[] buf, int off, int maxLength) {
        if (closed) {
            return -1;
        }
        byte[] packet;
        try {
            packet = toGateway.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        if (packet == CLOSED) {
            toGateway.add(CLOSED); // wake the next reader too
            return -1;
        }
        int n = Math.min(packet.length, maxLength);
        System.arraycopy(packet, 0, buf, off, n);
        return n;
    }

    @Override
    public boolean write(byte[] buf, int off, int length) throws java.io.IOException {
        if (closed) {
            throw new java.io.IOException(name + " is closed");
        }
        if (fromGateway.size() >= writeCapacity) {
            droppedWrites.incrementAndGet();
            return false;
        }
        fromGateway.add(Arrays.copyOfRange(buf, off, off + length));
        return true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            toGateway.add(CLOSED);
        }
    }
}
