package org.certvpn.ppp;

import java.net.Inet4Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ppp.auth.AuthThrottle;
import org.certvpn.ppp.auth.CredentialVerifier;
import org.certvpn.ppp.auth.DirectoryVerifier;
import org.certvpn.ppp.auth.PppUser;
import org.certvpn.ppp.auth.UserDirectory;

/**
 * A gateway session and a client wired back to back in memory, with a fake clock and seeded randomness.
 * Frames each side sends are delivered to the other, optionally through a filter that may drop them.
 */
final class TestLink {
    static final Inet4Address GATEWAY = Addresses.toInet(0xCB007180); // 203.0.113.128
    static final Inet4Address DNS1 = Addresses.toInet(0xC0000235); // 192.0.2.53
    static final Inet4Address DNS2 = Addresses.toInet(0xC0000236); // 192.0.2.54
    static final Inet4Address WINS = Addresses.toInet(0xC0000237); // 192.0.2.55
    static final Inet4Address CAROL_STATIC = Addresses.toInet(0xC6336407); // 198.51.100.7

    static final UserDirectory USERS = UserDirectory.of(Map.of(
            "alice", PppUser.of("alice", "alice-secret"),
            "bob", PppUser.of("bob", "bob-secret"),
            "carol", new PppUser("carol", "carol-secret", Optional.of(CAROL_STATIC))));

    static PeerIdentity certificateOf(String cn) {
        return PeerIdentity.certificate(new javax.security.auth.x500.X500Principal("CN=" + cn + ",O=Example"), cn,
                java.math.BigInteger.valueOf(cn.hashCode() & 0x7fffffff));
    }

    /** Hands out 203.0.113.130, .131, ... up to a limit; static addresses once each. */
    static final class Allocator implements AddressAllocator {
        final int limit;
        int next = 0xCB007182;
        final Set<Inet4Address> leased = new HashSet<>();
        final List<Inet4Address> released = new ArrayList<>();

        Allocator(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized Optional<Inet4Address> allocate(String user, Optional<Inet4Address> staticAddress) {
            if (staticAddress.isPresent()) {
                return leased.add(staticAddress.get()) ? staticAddress : Optional.empty();
            }
            if (leased.size() >= limit) {
                return Optional.empty();
            }
            Inet4Address a = Addresses.toInet(next++);
            leased.add(a);
            return Optional.of(a);
        }

        @Override
        public synchronized void release(Inet4Address address) {
            if (!leased.remove(address)) {
                throw new AssertionError("released twice or never leased: " + address);
            }
            released.add(address);
        }
    }

    final Recorder serverOut = new Recorder();
    final Recorder clientOut = new Recorder();
    final Allocator allocator;
    final PppSession server;
    final PppClient client;
    long now = 1_000;
    Predicate<byte[]> toServer = f -> true;
    Predicate<byte[]> toClient = f -> true;

    TestLink(PppSettings settings, PppClientSettings clientSettings, Optional<PeerIdentity> identity) {
        this(settings, clientSettings, identity, AuthThrottle.NONE, new Allocator(16));
    }

    TestLink(PppSettings settings, PppClientSettings clientSettings, Optional<PeerIdentity> identity,
            AuthThrottle throttle, Allocator allocator) {
        this(settings, clientSettings, identity, throttle, allocator, new DirectoryVerifier(USERS));
    }

    TestLink(PppSettings settings, PppClientSettings clientSettings, Optional<PeerIdentity> identity,
            AuthThrottle throttle, Allocator allocator, CredentialVerifier verifier) {
        this.allocator = allocator;
        server = new PppSession(settings, new PppServices(verifier, allocator, throttle,
                new SplittableRandom(1)), identity, "198.51.100.20:1701", "ppp[gw]", serverOut);
        client = new PppClient(clientSettings, new SplittableRandom(2), "ppp[client]", clientOut);
    }

    static PppSettings gateway() {
        return PppSettings.defaults("gw1", GATEWAY).withServers(List.of(DNS1, DNS2), List.of());
    }

    /** Starts both ends and runs until nothing is in flight and no timer is due within {@code millis}. */
    TestLink startAndRun(long millis) {
        server.start(now);
        client.start(now);
        return run(millis);
    }

    TestLink run(long millis) {
        long end = now + millis;
        while (true) {
            deliverAll();
            long next = Math.min(server.nextDeadline(), client.nextDeadline());
            if (next > end) {
                now = end;
                return this;
            }
            now = Math.max(now, next);
            server.onTimer(now);
            client.onTimer(now);
        }
    }

    void deliverAll() {
        int guard = 0;
        while (!serverOut.outbox.isEmpty() || !clientOut.outbox.isEmpty()) {
            if (++guard > 10_000) {
                throw new AssertionError("frames never stop flowing");
            }
            deliver(serverOut.outbox, toClient, client);
            deliver(clientOut.outbox, toServer, server);
        }
    }

    private void deliver(ArrayDeque<byte[]> outbox, Predicate<byte[]> filter, PppEndpoint to) {
        byte[] frame = outbox.poll();
        if (frame != null && filter.test(frame)) {
            to.receiveFrame(frame, 0, frame.length, now);
        }
    }

    /** An IPv4 packet (header only, 20 octets) from {@code source}, framed as the client frames it. */
    static byte[] ipv4Frame(int source, int destination) {
        byte[] frame = new byte[4 + 20 + 8];
        int ip = 4;
        frame[0] = (byte) 0xFF;
        frame[1] = 0x03;
        frame[2] = 0x00;
        frame[3] = 0x21;
        frame[ip] = 0x45;
        frame[ip + 3] = 28;
        frame[ip + 8] = 64;
        frame[ip + 9] = 17;
        for (int i = 0; i < 4; i++) {
            frame[ip + 12 + i] = (byte) (source >>> (24 - 8 * i));
            frame[ip + 16 + i] = (byte) (destination >>> (24 - 8 * i));
        }
        return frame;
    }
}
