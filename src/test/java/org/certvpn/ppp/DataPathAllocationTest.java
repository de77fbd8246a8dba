package org.certvpn.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The IPv4 data path allocates nothing per packet: once a link is up, inbound frames (delivered and
 * spoofed) and outbound encapsulations leave the thread's allocation counter flat. This measures bytes,
 * not time.
 */
class DataPathAllocationTest {
    @Test
    void ipv4InAndOutAllocateNothing() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.linuxLike("alice", "alice-secret"),
                Optional.of(TestLink.certificateOf("alice"))).startAndRun(5_000);
        assertThat(link.server.networkUp()).isTrue();
        link.serverOut.keepIpv4 = false;

        byte[] good = TestLink.ipv4Frame(0xCB007182, 0xC0000201);
        byte[] spoofed = TestLink.ipv4Frame(0xCB007199, 0xC0000201);
        byte[] out = new byte[64];
        Runnable burst = () -> {
            for (int i = 0; i < 10_000; i++) {
                link.server.receiveFrame(good, 0, good.length, link.now);
                link.server.receiveFrame(spoofed, 0, spoofed.length, link.now);
                link.server.encapsulateIpv4(out, 16, 20);
            }
        };
        burst.run(); // warm-up: class loading and JIT happen here
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        burst.run();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(link.serverOut.ipv4Count).isEqualTo(20_000);
        assertThat(link.server.counters().dropped(PppCounters.Drop.SPOOFED_SOURCE)).isEqualTo(20_000);
        assertThat(allocated).as("bytes allocated by 30,000 data-path operations").isLessThan(4_096);
    }
}
