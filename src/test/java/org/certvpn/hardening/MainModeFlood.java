package org.certvpn.hardening;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Main Mode first messages with fresh initiator cookies, from 200 source addresses and 20 ports on each
 * (4,000 source endpoints), to UDP 500: each would open a half-open IKE SA if the limits let it. The message
 * is a captured Windows MM1, so the gateway sees a proposal it accepts.
 */
final class MainModeFlood {
    private final InetSocketAddress target;
    private final int packets;
    private final int rate;

    MainModeFlood(InetAddress gateway, int packets, int rate) {
        this.target = new InetSocketAddress(gateway, 500);
        this.packets = packets;
        this.rate = rate;
    }

    long run() throws IOException, InterruptedException {
        byte[] mm1 = FloodRun.resource("/org/certvpn/ike/wire/IsakmpDecoderFuzzTestInputs/decode/windows-mm1");
        List<DatagramChannel> sockets = new ArrayList<>();
        try {
            for (InetAddress a : FloodRun.floodSources()) {
                for (int i = 0; i < 20; i++) {
                    sockets.add(FloodRun.socket(a));
                }
            }
            SplittableRandom random = new SplittableRandom(500);
            FloodRun.Pace pace = new FloodRun.Pace(rate);
            for (int n = 0; n < packets; n++) {
                long cookie = random.nextLong();
                for (int i = 0; i < 8; i++) {
                    mm1[i] = (byte) (cookie >>> (56 - 8 * i));
                }
                FloodRun.send(sockets.get(n % sockets.size()), mm1, target);
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
