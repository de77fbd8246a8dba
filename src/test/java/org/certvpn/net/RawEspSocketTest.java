package org.certvpn.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IP protocol 50 between two network namespaces joined by a veth pair (192.0.2.1 and 192.0.2.2), each
 * created by this test. Runs as root; skipped otherwise.
 */
class RawEspSocketTest {
    private static final InetSocketAddress GATEWAY = new InetSocketAddress("192.0.2.1", 0);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.2", 0);

    private TestNamespace gatewayNs;
    private TestNamespace clientNs;
    private RawEspSocket gateway;
    private RawEspSocket client;

    @BeforeEach
    void setUp() throws Exception {
        TestNamespace.assumeRootWithIp();
        gatewayNs = TestNamespace.create("gw");
        clientNs = TestNamespace.create("cl");
        gatewayNs.ip("link", "add", "cvesp-gw", "type", "veth", "peer", "name", "cvesp-cl", "netns", clientNs.name);
        gatewayNs.ip("addr", "add", "192.0.2.1/24", "dev", "cvesp-gw");
        gatewayNs.ip("link", "set", "cvesp-gw", "up");
        clientNs.ip("addr", "add", "192.0.2.2/24", "dev", "cvesp-cl");
        clientNs.ip("link", "set", "cvesp-cl", "up");
        gateway = gatewayNs.callIn(RawEspSocket::open);
        client = clientNs.callIn(RawEspSocket::open);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (client != null) {
            client.close();
        }
        if (clientNs != null) {
            clientNs.close();
        }
        if (gatewayNs != null) {
            gatewayNs.close();
        }
    }

    private static byte[] fakeEsp(int seq, int length) {
        byte[] p = new byte[length];
        p[0] = 0x12;
        p[1] = 0x34;
        p[2] = 0x56;
        p[3] = 0x78;
        p[7] = (byte) seq;
        for (int i = 8; i < length; i++) {
            p[i] = (byte) (i * 7);
        }
        return p;
    }

    @Test
    void espTravelsBothWaysWithTheIpHeaderStrippedAndTheSourceReported() throws Exception {
        byte[] buf = new byte[2048];
        ReceivedDatagram d = new ReceivedDatagram();
        byte[] request = fakeEsp(1, 120);
        assertThat(client.send(request, 0, request.length, GATEWAY)).isTrue();
        assertThat(gateway.receive(buf, 10, 2000, d)).isTrue();
        assertThat(d.source()).isEqualTo(CLIENT);
        assertThat(Arrays.copyOfRange(buf, 10, 10 + d.length())).isEqualTo(request);

        byte[] reply = fakeEsp(2, 1400);
        byte[] framed = new byte[1500];
        System.arraycopy(reply, 0, framed, 50, reply.length);
        assertThat(gateway.send(framed, 50, reply.length, d.source())).isTrue();
        assertThat(client.receive(buf, 0, buf.length, d)).isTrue();
        assertThat(d.source()).isEqualTo(GATEWAY);
        assertThat(Arrays.copyOf(buf, d.length())).isEqualTo(reply);
        assertThat(gateway.localAddress().getPort()).isZero();
        assertThat(gateway.malformed()).isZero();
    }

    /**
     * Found with real clients: on a host whose client-facing interface holds a second address (the lab's
     * NAT address came first), an unbound raw socket sent ESP from the primary address, and the client
     * dropped it as not belonging to its SA. Bound, replies leave from the address the SA was made with.
     */
    @Test
    void aBoundSocketSendsFromItsAddressNotTheInterfacesPrimaryOne() throws Exception {
        gatewayNs.ip("addr", "add", "192.0.2.3/24", "dev", "cvesp-gw");
        InetSocketAddress second = new InetSocketAddress("192.0.2.3", 0);
        try (RawEspSocket bound = gatewayNs.callIn(() -> RawEspSocket.open(second.getAddress()))) {
            assertThat(bound.localAddress()).isEqualTo(second);
            byte[] buf = new byte[2048];
            ReceivedDatagram d = new ReceivedDatagram();
            byte[] reply = fakeEsp(5, 200);
            assertThat(bound.send(reply, 0, reply.length, CLIENT)).isTrue();
            assertThat(client.receive(buf, 0, buf.length, d)).isTrue();
            assertThat(d.source()).isEqualTo(second);

            byte[] unbound = fakeEsp(6, 200);
            assertThat(gateway.send(unbound, 0, unbound.length, CLIENT)).isTrue();
            assertThat(client.receive(buf, 0, buf.length, d)).isTrue();
            assertThat(d.source()).as("the kernel's choice: the primary address").isEqualTo(GATEWAY);
        }
    }

    @Test
    void aTooSmallBufferGetsTheStartOfThePacket() throws Exception {
        byte[] request = fakeEsp(3, 300);
        client.send(request, 0, request.length, GATEWAY);
        byte[] buf = new byte[100];
        ReceivedDatagram d = new ReceivedDatagram();
        assertThat(gateway.receive(buf, 0, 100, d)).isTrue();
        assertThat(d.length()).isEqualTo(100);
        assertThat(buf).isEqualTo(Arrays.copyOf(request, 100));
    }

    @Test
    void steadyFlowAllocatesNothingPerPacket() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] packet = fakeEsp(4, 1400);
        byte[] buf = new byte[2048];
        ReceivedDatagram d = new ReceivedDatagram();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 10 && best >= 4096; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 5000; i++) {
                client.send(packet, 0, packet.length, GATEWAY);
                gateway.receive(buf, 0, buf.length, d);
            }
            best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(d.length()).isEqualTo(1400);
        assertThat(d.source()).isEqualTo(CLIENT);
        // 5000 sends and 5000 receives: a per-packet allocation would show as hundreds of kilobytes.
        assertThat(best).as("%d bytes allocated", best).isLessThan(4096);
    }

    @Test
    void closeWakesABlockedReceiver() throws Exception {
        CompletableFuture<Boolean> received = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                received.complete(gateway.receive(new byte[2048], 0, 2048, new ReceivedDatagram()));
            } catch (Throwable e) {
                received.completeExceptionally(e);
            }
        });
        Thread.sleep(100);
        assertThat(received).isNotDone();
        gateway.close();
        assertThat(received.get(10, TimeUnit.SECONDS)).isFalse();
        t.join();
    }
}
