package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.net.ReceivedDatagram;
import org.certvpn.net.TunConfig;
import org.certvpn.net.TunDevice;

/**
 * The in-memory gateway I/O with a switch: until {@link #capture} the gateway talks to its clients over an
 * {@link InMemoryNetwork} (so IKE, L2TP and PPP come up for real); after it, what the benchmark thread
 * sends on UDP/4500 or writes to the TUN device is copied into a buffer for the benchmark to read back,
 * without allocation, and what other threads send (keepalives, echoes) is dropped.
 */
final class BenchGatewayIo implements GatewayIo {
    private final InMemoryGatewayIo memory;
    private volatile Thread benchThread;
    final byte[] sent = new byte[70_000];
    int sentLength;
    InetSocketAddress sentTo;
    final byte[] written = new byte[70_000];
    int writtenLength;
    long writes;

    BenchGatewayIo(InMemoryNetwork network) {
        this.memory = new InMemoryGatewayIo(network);
    }

    /** From now on, sends and TUN writes made by {@code thread} are captured. */
    void capture(Thread thread) {
        benchThread = thread;
    }

    @Override
    public List<DatagramEndpoint> udpGroup(InetSocketAddress address, int count) throws IOException {
        List<DatagramEndpoint> out = new ArrayList<>();
        for (DatagramEndpoint e : memory.udpGroup(address, count)) {
            out.add(new Capturing(e));
        }
        return out;
    }

    @Override
    public DatagramEndpoint udp(InetSocketAddress address) throws IOException {
        return memory.udp(address);
    }

    @Override
    public DatagramEndpoint rawEsp(InetAddress local) throws IOException {
        return memory.rawEsp(local);
    }

    @Override
    public TunDevice tun(TunConfig config) throws IOException {
        TunDevice real = memory.tun(config);
        return new TunDevice() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public int mtu() {
                return real.mtu();
            }

            @Override
            public int read(byte[] buf, int off, int maxLength) throws IOException {
                return real.read(buf, off, maxLength);
            }

            @Override
            public boolean write(byte[] buf, int off, int length) throws IOException {
                Thread t = benchThread;
                if (t == null) {
                    return real.write(buf, off, length);
                }
                if (Thread.currentThread() == t) {
                    System.arraycopy(buf, off, written, 0, length);
                    writtenLength = length;
                    writes++;
                }
                return true;
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    private final class Capturing implements DatagramEndpoint {
        private final DatagramEndpoint real;

        Capturing(DatagramEndpoint real) {
            this.real = real;
        }

        @Override
        public InetSocketAddress localAddress() {
            return real.localAddress();
        }

        @Override
        public boolean receive(byte[] buf, int off, int maxLength, ReceivedDatagram into) throws IOException {
            return real.receive(buf, off, maxLength, into);
        }

        @Override
        public boolean send(byte[] buf, int off, int length, InetSocketAddress destination) throws IOException {
            Thread t = benchThread;
            if (t == null) {
                return real.send(buf, off, length, destination);
            }
            if (Thread.currentThread() == t) {
                System.arraycopy(buf, off, sent, 0, length);
                sentLength = length;
                sentTo = destination;
            }
            return true;
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
