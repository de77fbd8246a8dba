package org.certvpn.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * UDP endpoints inside a network namespace this test creates, with 192.0.2.1 (the gateway) and
 * 198.51.100.20 (a NAT's public address) on its loopback. Runs as root; skipped otherwise.
 */
class UdpEndpointTest {
    private static final InetSocketAddress GATEWAY = new InetSocketAddress("192.0.2.1", 4500);

    private TestNamespace ns;
    private final List<DatagramEndpoint> opened = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        TestNamespace.assumeRootWithIp();
        ns = TestNamespace.create("udp");
        ns.ip("addr", "add", "192.0.2.1/32", "dev", "lo");
        ns.ip("addr", "add", "198.51.100.20/32", "dev", "lo");
    }

    @AfterEach
    void tearDown() throws Exception {
        opened.forEach(DatagramEndpoint::close);
        if (ns != null) {
            ns.close();
        }
    }

    private UdpEndpoint open(InetSocketAddress address) throws Exception {
        UdpEndpoint e = ns.callIn(() -> UdpEndpoint.open(address, false));
        opened.add(e);
        return e;
    }

    @Test
    void twoClientsBehindOneAddressAreToldApartByPort() throws Exception {
        UdpEndpoint gateway = open(GATEWAY);
        UdpEndpoint phone = open(new InetSocketAddress("198.51.100.20", 4500));
        UdpEndpoint laptop = open(new InetSocketAddress("198.51.100.20", 61001));
        phone.send("phone".getBytes(), 0, 5, GATEWAY);
        laptop.send("..laptop".getBytes(), 2, 6, GATEWAY);
        byte[] buf = new byte[100];
        ReceivedDatagram d = new ReceivedDatagram();
        Map<InetSocketAddress, String> seen = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            assertThat(gateway.receive(buf, 3, 97, d)).isTrue();
            seen.put(d.source(), new String(buf, 3, d.length()));
        }
        assertThat(seen).containsOnly(
                Map.entry(new InetSocketAddress("198.51.100.20", 4500), "phone"),
                Map.entry(new InetSocketAddress("198.51.100.20", 61001), "laptop"));
        gateway.send("hi".getBytes(), 0, 2, new InetSocketAddress("198.51.100.20", 61001));
        assertThat(laptop.receive(buf, 0, 100, d)).isTrue();
        assertThat(d.source()).isEqualTo(GATEWAY);
    }

    @Test
    void reusePortGroupKeepsEachPeerOnOneLoop() throws Exception {
        List<UdpEndpoint> group = ns.callIn(() -> UdpEndpoint.openGroup(GATEWAY, 2));
        opened.addAll(group);
        assertThat(group).extracting(UdpEndpoint::localAddress).containsOnly(GATEWAY);
        int peers = 16;
        int perPeer = 20;
        Map<InetSocketAddress, Integer> loopOfPeer = new ConcurrentHashMap<>();
        List<String> conflicts = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(peers * perPeer);
        for (int loop = 0; loop < group.size(); loop++) {
            int id = loop;
            UdpEndpoint e = group.get(loop);
            Thread.ofPlatform().daemon().start(() -> {
                byte[] buf = new byte[100];
                ReceivedDatagram d = new ReceivedDatagram();
                try {
                    while (e.receive(buf, 0, 100, d)) {
                        Integer previous = loopOfPeer.putIfAbsent(d.source(), id);
                        if (previous != null && previous != id) {
                            synchronized (conflicts) {
                                conflicts.add(d.source() + " on " + previous + " and " + id);
                            }
                        }
                        all.countDown();
                    }
                } catch (Exception ex) {
                    synchronized (conflicts) {
                        conflicts.add(ex.toString());
                    }
                }
            });
        }
        for (int p = 0; p < peers; p++) {
            UdpEndpoint peer = open(new InetSocketAddress("198.51.100.20", 40000 + p));
            for (int i = 0; i < perPeer; i++) {
                peer.send(new byte[] {(byte) i}, 0, 1, GATEWAY);
            }
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(conflicts).isEmpty();
        assertThat(loopOfPeer).hasSize(peers);
    }

    @Test
    void closeWakesABlockedReceiver() throws Exception {
        UdpEndpoint gateway = open(GATEWAY);
        CompletableFuture<Boolean> received = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                received.complete(gateway.receive(new byte[10], 0, 10, new ReceivedDatagram()));
            } catch (Throwable e) {
                received.completeExceptionally(e);
            }
        });
        Thread.sleep(100);
        assertThat(received).isNotDone();
        gateway.close();
        assertThat(received.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void steadyFlowAllocatesNothingPerDatagram() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        UdpEndpoint gateway = open(GATEWAY);
        UdpEndpoint client = open(new InetSocketAddress("198.51.100.20", 4500));
        byte[] out = new byte[1500];
        byte[] in = new byte[2048];
        ReceivedDatagram d = new ReceivedDatagram();
        InetSocketAddress to = GATEWAY;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 10 && best >= 4096; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 5000; i++) {
                client.send(out, 40, 1400, to);
                gateway.receive(in, 64, 1900, d);
            }
            best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(d.length()).isEqualTo(1400);
        // 5000 sends and 5000 receives: a per-datagram allocation would show as hundreds of kilobytes.
        assertThat(best).as("%d bytes allocated", best).isLessThan(4096);
    }
}
