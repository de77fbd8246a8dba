package org.certvpn.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * A lossless (unless told otherwise) in-memory datagram network for end-to-end tests: endpoints bound to
 * addresses, datagrams copied from sender to receiver with the sender's address as source. A NAT is
 * simply a client endpoint bound to the NAT's public address and some port: two "clients behind one NAT"
 * are two endpoints on the same address with different ports.
 */
public final class InMemoryNetwork {
    private final Map<InetSocketAddress, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final AtomicLong undeliverable = new AtomicLong();
    private volatile BiPredicate<InetSocketAddress, InetSocketAddress> drop = (from, to) -> false;

    /** Binds an endpoint; fails if the address is taken. */
    public DatagramEndpoint bind(InetSocketAddress address) throws IOException {
        Endpoint e = new Endpoint(address);
        if (endpoints.putIfAbsent(address, e) != null) {
            throw new IOException("address in use: " + address);
        }
        return e;
    }

    /** Drops every datagram for which {@code rule(from, to)} is true, e.g. to simulate loss or a blackout. */
    public void dropWhen(BiPredicate<InetSocketAddress, InetSocketAddress> rule) {
        this.drop = rule;
    }

    /** Datagrams sent to an address nobody is bound to, or dropped by the rule. */
    public long undeliverable() {
        return undeliverable.get();
    }

    private record Datagram(byte[] payload, InetSocketAddress source) {}

    private static final Datagram CLOSED = new Datagram(new byte[0], null);

    private final class Endpoint implements DatagramEndpoint {
        private final InetSocketAddress address;
        private final BlockingQueue<Datagram> inbox = new LinkedBlockingQueue<>();
        private volatile boolean closed;

        Endpoint(InetSocketAddress address) {
            this.address = address;
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public boolean receive(byte[] buf, int off, int maxLength, ReceivedDatagram into) {
            if (closed) {
                return false;
            }
            Datagram d;
            try {
                d = inbox.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (d == CLOSED) {
                inbox.add(CLOSED);
                return false;
            }
            int n = Math.min(d.payload.length, maxLength);
            System.arraycopy(d.payload, 0, buf, off, n);
            into.set(d.source, n);
            return true;
        }

        @Override
        public boolean send(byte[] buf, int off, int length, InetSocketAddress destination) throws IOException {
            if (closed) {
                throw new IOException(address + " is closed");
            }
            Endpoint to = endpoints.get(destination);
            if (to == null || to.closed || drop.test(address, destination)) {
                undeliverable.incrementAndGet();
                return true; // sent; the network lost it
            }
            to.inbox.add(new Datagram(Arrays.copyOfRange(buf, off, off + length), address));
            return true;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                endpoints.remove(address, this);
                inbox.add(CLOSED);
            }
        }

        @Override
        public String toString() {
            return "InMemoryEndpoint[" + address + "]";
        }
    }
}
