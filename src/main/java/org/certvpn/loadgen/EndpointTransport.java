package org.certvpn.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.ReceivedDatagram;

/**
 * Clients on {@link DatagramEndpoint}s (the in-memory network in tests): a reader thread per endpoint
 * queues what arrives for the lane's thread. For a handful of clients, not for load.
 */
public final class EndpointTransport implements LaneTransport {
    private final Function<InetSocketAddress, DatagramEndpoint> binder;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final List<Thread> readers = new ArrayList<>();
    private int nextPort;

    private record Arrival(LoadClient client, byte[] data, InetSocketAddress from) {}

    private static final Arrival WAKEUP = new Arrival(null, null, null);

    /**
     * @param binder binds an endpoint on an address and port (e.g. {@code InMemoryNetwork::bind})
     * @param firstPort the first client's source port; the next clients take the following ports
     */
    public EndpointTransport(Function<InetSocketAddress, DatagramEndpoint> binder, int firstPort) {
        this.binder = binder;
        this.nextPort = firstPort;
    }

    @Override
    public synchronized void open(LoadClient client) throws IOException {
        int port = nextPort++;
        DatagramEndpoint e = binder.apply(new InetSocketAddress(client.source, port));
        client.socket = e;
        client.localPort = port;
        readers.add(Thread.ofPlatform().daemon().name("loadgen-endpoint-" + port).start(() -> {
            byte[] buf = new byte[65_536];
            ReceivedDatagram d = new ReceivedDatagram();
            try {
                while (e.receive(buf, 0, buf.length, d)) {
                    arrivals.add(new Arrival(client, java.util.Arrays.copyOf(buf, d.length()), d.source()));
                }
            } catch (IOException ex) {
                // closed
            }
        }));
    }

    @Override
    public boolean send(LoadClient client, byte[] buf, int off, int len, InetSocketAddress to) throws IOException {
        return ((DatagramEndpoint) client.socket).send(buf, off, len, to);
    }

    @Override
    public void close(LoadClient client) {
        if (client.socket instanceof DatagramEndpoint e) {
            e.close();
        }
    }

    @Override
    public int poll(long timeoutMillis, int max, Receiver receiver) {
        int n = 0;
        try {
            Arrival a = timeoutMillis <= 0 ? arrivals.poll() : arrivals.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            while (a != null) {
                if (a != WAKEUP) {
                    receiver.datagram(a.client(), a.data(), a.data().length, a.from());
                    n++;
                }
                if (n >= max) {
                    break;
                }
                a = arrivals.poll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return n;
    }

    @Override
    public void wakeup() {
        arrivals.add(WAKEUP);
    }

    @Override
    public void close() {
        for (Thread t : readers) {
            t.interrupt();
        }
    }
}
