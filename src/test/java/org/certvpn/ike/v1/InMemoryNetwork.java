package org.certvpn.ike.v1;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.certvpn.crypto.DhKeySource;
import org.certvpn.ike.ChildSaInfo;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeListener;
import org.certvpn.ike.IkeSaInfo;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ipsec.ChildSaKeys;
import org.certvpn.pki.validation.TestPki;

/**
 * IKE engines wired to each other through an in-memory network with optional NAT, a fake monotonic clock
 * and seeded randomness, so whole negotiations run deterministically in a unit test. Addresses are from
 * the documentation ranges only.
 */
final class InMemoryNetwork {
    static final InetAddress GATEWAY = address("192.0.2.1");
    static final InetAddress NAT_PUBLIC = address("203.0.113.5");

    final Clock wallClock = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
    long now = 1_000_000;
    private final Deque<Packet> queue = new ArrayDeque<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Predicate<Packet>> filters = new ArrayList<>();
    private final Map<String, Integer> natPorts = new HashMap<>();
    private int nextNatPort = 40000;
    long delivered;

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A datagram in flight: who sent it, from which local port, to where. */
    record Packet(Node from, int localPort, Endpoint to, byte[] data) {}

    record Installed(ChildSaInfo info, ChildSaKeys keys) {}

    /** One engine with its address; {@code natted} nodes reach the gateway through the shared NAT. */
    final class Node implements IkeListener {
        final String name;
        final InetAddress address;
        final boolean natted;
        final Ikev1Engine engine;
        final List<IkeSaInfo> up = new ArrayList<>();
        final List<String> down = new ArrayList<>();
        final List<Installed> installed = new ArrayList<>();
        final List<String> removed = new ArrayList<>();
        final List<String> traces = new ArrayList<>();
        /** What this node's data path says when DPD asks when ESP last arrived on an inbound SPI. */
        java.util.function.IntToLongFunction espReceived = spi -> Long.MIN_VALUE;
        /** Our endpoint as the engine named it for each datagram it sent. */
        final List<Endpoint> sentFrom = new ArrayList<>();

        Node(String name, InetAddress address, boolean natted, IkeSettings settings, long seed) {
            this.name = name;
            this.address = address;
            this.natted = natted;
            this.engine = new Ikev1Engine(settings, this, new Random(seed), DhKeySource.from(new Random(seed + 1)),
                    wallClock);
        }

        @Override
        public void send(Endpoint local, Endpoint remote, byte[] datagram) {
            sentFrom.add(local);
            queue.add(new Packet(this, local.port(), remote, datagram));
        }

        @Override
        public void ikeSaUp(IkeSaInfo sa) {
            up.add(sa);
        }

        @Override
        public void ikeSaDown(IkeSaInfo sa, String reason) {
            down.add(sa.label() + ": " + reason);
        }

        @Override
        public void childSaInstalled(ChildSaInfo child, ChildSaKeys keys) {
            installed.add(new Installed(child, keys));
        }

        @Override
        public void childSaRemoved(ChildSaInfo child, String reason) {
            removed.add(child.label() + ": " + reason);
        }

        @Override
        public void trace(String label, String line) {
            traces.add(label + ": " + line);
        }

        @Override
        public long espReceivedAt(int inboundSpi) {
            return espReceived.applyAsLong(inboundSpi);
        }

        String trace() {
            return String.join("\n", traces);
        }

        /** Our endpoint as the gateway sees it for {@code localPort}. */
        Endpoint seenAs(int localPort) {
            return natted ? new Endpoint(NAT_PUBLIC, natPort(this, localPort)) : new Endpoint(address, localPort);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    Node node(String name, InetAddress address, boolean natted, IkeSettings settings, long seed) {
        Node n = new Node(name, address, natted, settings, seed);
        nodes.add(n);
        return n;
    }

    private int natPort(Node n, int localPort) {
        return natPorts.computeIfAbsent(n.name + ":" + localPort, k -> nextNatPort++);
    }

    /** Drops every packet the predicate matches (until removed). */
    void drop(Predicate<Packet> filter) {
        filters.add(filter);
    }

    void clearDrops() {
        filters.clear();
    }

    /** Delivers queued packets (and the answers they cause) until the network is quiet. */
    void run() {
        int budget = 10_000;
        while (!queue.isEmpty() && budget-- > 0) {
            Packet p = queue.poll();
            if (filters.stream().anyMatch(f -> f.test(p))) {
                continue;
            }
            deliver(p);
        }
        if (budget <= 0) {
            throw new IllegalStateException("network did not settle");
        }
    }

    private void deliver(Packet p) {
        Endpoint source = p.from().seenAs(p.localPort());
        for (Node n : nodes) {
            if (n == p.from()) {
                continue;
            }
            if (n.natted && p.to().address().equals(NAT_PUBLIC)) {
                for (var e : natPorts.entrySet()) {
                    if (e.getValue() == p.to().port() && e.getKey().startsWith(n.name + ":")) {
                        int localPort = Integer.parseInt(e.getKey().substring(n.name.length() + 1));
                        delivered++;
                        n.engine.receive(now, n.address, localPort, source.address(), source.port(), p.data());
                        return;
                    }
                }
            } else if (!n.natted && n.address.equals(p.to().address())) {
                delivered++;
                n.engine.receive(now, n.address, p.to().port(), source.address(), source.port(), p.data());
                return;
            }
        }
    }

    /** Moves the clock forward in steps, firing every engine's timers and delivering what they send. */
    void advance(long millis) {
        long end = now + millis;
        int budget = 1_000_000;
        while (budget-- > 0) {
            long next = Long.MAX_VALUE;
            for (Node n : nodes) {
                next = Math.min(next, n.engine.nextDeadline());
            }
            if (next > end) {
                break;
            }
            now = Math.max(now, next);
            for (Node n : nodes) {
                if (n.engine.nextDeadline() <= now) {
                    n.engine.onTimer(now);
                }
            }
            run();
        }
        if (budget < 0) {
            throw new IllegalStateException("timers do not make progress");
        }
        now = end;
    }
}
