package org.certvpn.hardening;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.certvpn.gateway.TestIpsecClient;

/**
 * ESP the gateway must refuse cheaply: half the packets are UDP/4500 datagrams with random SPIs, sequence
 * numbers and contents from the flood addresses (no such SA); the other half are an established client's
 * own ESP packets sent again from its own endpoint (right SA, right peer, old sequence numbers: replays).
 */
final class EspFlood {
    private final InetSocketAddress target;
    private final int packets;
    private final int rate;
    private final TestIpsecClient victim;

    EspFlood(InetAddress gateway, int packets, int rate, TestIpsecClient victim) {
        this.target = new InetSocketAddress(gateway, 4500);
        this.packets = packets;
        this.rate = rate;
        this.victim = victim;
    }

    long run() throws IOException, InterruptedException {
        List<byte[]> captured = new ArrayList<>();
        victim.recorder = (kind, bytes) -> {
            // The client's own sealed ESP: a nonzero first word (an SPI, not the non-ESP marker).
            if (kind.equals("udp4500>") && bytes.length > 20 && (bytes[0] | bytes[1] | bytes[2] | bytes[3]) != 0) {
                synchronized (captured) {
                    if (captured.size() < 200) {
                        captured.add(bytes);
                    }
                }
            }
        };
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (captured) {
                if (captured.size() >= 50) {
                    break;
                }
            }
            Thread.sleep(100);
        }
        victim.recorder = (kind, bytes) -> { };
        List<byte[]> replays;
        synchronized (captured) {
            replays = List.copyOf(captured);
        }
        if (replays.isEmpty()) {
            throw new IllegalStateException("no ESP packet of the victim captured");
        }
        List<DatagramChannel> sockets = new ArrayList<>();
        try {
            for (InetAddress a : FloodRun.floodSources()) {
                sockets.add(FloodRun.socket(a));
            }
            SplittableRandom random = new SplittableRandom(4500);
            FloodRun.Pace pace = new FloodRun.Pace(rate);
            for (int n = 0; n < packets; n++) {
                if ((n & 1) == 0) {
                    byte[] junk = new byte[16 + random.nextInt(1200)];
                    random.nextBytes(junk);
                    junk[0] |= 1; // never the non-ESP marker
                    FloodRun.send(sockets.get(random.nextInt(sockets.size())), junk, target);
                } else {
                    victim.sendRaw4500(replays.get(random.nextInt(replays.size())));
                }
                pace.await(n + 1);
            }
            return packets;
        } finally {
            for (DatagramChannel s : sockets) {
                s.close();
            }
        }
    }
}
