package org.certvpn.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A UDP socket (IKE on 500, NAT-T and ESP-in-UDP on 4500, L2TP on 1701 in test mode) on a blocking
 * {@link DatagramChannel}.
 *
 * <p>With SO_REUSEPORT several endpoints bind the same address and port, one per receive loop
 * ({@link #openGroup}); the kernel hashes each peer's address and port to one of them, so a peer's packets,
 * and therefore an SA's replay window and a tunnel's state, stay on one loop. Heap arrays are wrapped once
 * per thread and array, and the JDK reuses the sender's address object while the sender stays the same, so
 * a steady flow allocates nothing. {@link #close()} wakes a blocked receiver.
 */
public final class UdpEndpoint implements DatagramEndpoint {
    private static final ThreadLocal<Wrapper> RECEIVE_WRAPPER = ThreadLocal.withInitial(Wrapper::new);
    private static final ThreadLocal<Wrapper> SEND_WRAPPER = ThreadLocal.withInitial(Wrapper::new);

    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;

    private UdpEndpoint(DatagramChannel channel) throws IOException {
        this.channel = channel;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * Binds one IPv4 UDP socket.
     *
     * @param reusePort set SO_REUSEPORT so that further sockets may share the port
     */
    public static UdpEndpoint open(InetSocketAddress bindAddress, boolean reusePort) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            if (reusePort) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.bind(bindAddress);
            return new UdpEndpoint(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** {@code count} sockets sharing one address and port through SO_REUSEPORT, one per receive loop. */
    public static List<UdpEndpoint> openGroup(InetSocketAddress bindAddress, int count) throws IOException {
        List<UdpEndpoint> group = new ArrayList<>(count);
        try {
            UdpEndpoint first = open(bindAddress, true);
            group.add(first);
            // Port 0 asks for any port; the rest of the group must take the one the first socket got.
            InetSocketAddress bound = first.localAddress();
            for (int i = 1; i < count; i++) {
                group.add(open(bound, true));
            }
            return List.copyOf(group);
        } catch (IOException | RuntimeException e) {
            group.forEach(UdpEndpoint::close);
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public boolean receive(byte[] buf, int off, int maxLength, ReceivedDatagram into) throws IOException {
        ByteBuffer bb = RECEIVE_WRAPPER.get().wrap(buf, off, maxLength);
        SocketAddress source;
        try {
            source = channel.receive(bb);
        } catch (ClosedChannelException e) { // includes AsynchronousCloseException: closed while waiting
            return false;
        }
        if (source == null) {
            return false;
        }
        into.set((InetSocketAddress) source, bb.position() - off);
        return true;
    }

    @Override
    public boolean send(byte[] buf, int off, int length, InetSocketAddress destination) throws IOException {
        ByteBuffer bb = SEND_WRAPPER.get().wrap(buf, off, length);
        return channel.send(bb, destination) == length;
    }

    /** The underlying channel, for options such as SO_RCVBUF. */
    public DatagramChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing useful to do: the socket is gone either way.
        }
    }

    @Override
    public String toString() {
        return "UdpEndpoint[" + localAddress + "]";
    }

    /** One heap ByteBuffer per thread, re-created only when the thread switches to another array. */
    private static final class Wrapper {
        private byte[] array;
        private ByteBuffer buffer;

        ByteBuffer wrap(byte[] buf, int off, int length) {
            if (buf != array) {
                array = buf;
                buffer = ByteBuffer.wrap(buf);
            }
            buffer.limit(off + length).position(off);
            return buffer;
        }
    }
}
