package org.certvpn.hardening;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.certvpn.gateway.TestIpsecClient;
import org.certvpn.ike.IkeSettings;
import org.certvpn.net.UdpEndpoint;
import org.certvpn.ppp.PppClientSettings;

/**
 * Clients that look after themselves while the gateway is killed and restarted ({@code hardening/faults.sh}).
 * Each of {@code tunnels} clients connects from {@code 192.0.2.10+i} (PSK, user {@code user01..}) and pings
 * the gateway's tunnel address every 20 ms. Like a phone, it notices a dead gateway by itself, through IKE
 * dead peer detection (R-U-THERE every 5 s, dead after 15 s without an answer; the same mechanism Android and
 * Windows use), or when PPP or L2TP go down; then it reconnects, again and again until it is up. A watchdog of
 * 60 s without an answered ping also counts as down (and is reported as such: it would mean DPD failed).
 *
 * <p>Prints {@code fault: N tunnels up} once all are up, one line per outage and per reconnect, and at the end
 * one line per tunnel (outages, the longest, pings answered) and a verdict. Arguments {@code key=value}:
 * {@code gateway}, {@code psk}, {@code tunnels}, {@code seconds} (how long to run). Exit status 1 when a tunnel
 * was not up at the end.
 */
public final class FaultRun {
    private static final long START = System.nanoTime();

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        InetAddress gateway = FloodRun.address(args.getOrDefault("gateway", "192.0.2.1"));
        String psk = args.getOrDefault("psk", "flood-test-shared-secret");
        int tunnels = Integer.parseInt(args.getOrDefault("tunnels", "10"));
        long seconds = Long.parseLong(args.getOrDefault("seconds", "120"));

        List<Supervisor> all = new ArrayList<>();
        for (int i = 0; i < tunnels; i++) {
            Supervisor s = new Supervisor(i, gateway, psk);
            all.add(s);
            s.thread = Thread.ofPlatform().daemon().name("tunnel-" + i).start(s::run);
        }
        boolean announced = false;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!announced && all.stream().allMatch(s -> s.up)) {
                announced = true;
                line("%d tunnels up", tunnels);
            }
            Thread.sleep(200);
        }
        all.forEach(s -> s.running = false);
        int upAtEnd = 0;
        for (Supervisor s : all) {
            s.thread.join(5_000);
            upAtEnd += s.upAtEnd ? 1 : 0;
            line("tunnel %d: %d outage(s), longest %.1f s, %d connects, pings %d answered %d", s.index, s.outages,
                    s.longestOutageMillis / 1000.0, s.connects, s.pings, s.answered);
        }
        long worst = all.stream().mapToLong(s -> s.longestOutageMillis).max().orElse(0);
        int dpd = all.stream().mapToInt(s -> s.detectedByDpd).sum();
        int watchdog = all.stream().mapToInt(s -> s.detectedByWatchdog).sum();
        line("RESULT %d/%d tunnels up at the end; longest outage %.1f s; outages noticed by the client: %d by IKE DPD or "
                + "PPP/L2TP going down, %d by the 60 s watchdog", upAtEnd, tunnels, worst / 1000.0, dpd, watchdog);
        System.exit(upAtEnd == tunnels ? 0 : 1);
    }

    static void line(String format, Object... values) {
        System.out.printf(Locale.ROOT, "fault: %7.1f s " + format + "%n",
                concat((System.nanoTime() - START) / 1e9, values));
        System.out.flush();
    }

    private static Object[] concat(double t, Object[] values) {
        Object[] all = new Object[values.length + 1];
        all[0] = t;
        System.arraycopy(values, 0, all, 1, values.length);
        return all;
    }

    /** One client and its reconnect loop. */
    static final class Supervisor {
        final int index;
        private final InetAddress from;
        private final InetAddress gateway;
        private final String psk;
        Thread thread;
        volatile boolean running = true;
        volatile boolean up;
        volatile boolean upAtEnd;
        int connects;
        int outages;
        int detectedByDpd;
        int detectedByWatchdog;
        long longestOutageMillis;
        long pings;
        volatile long answered;
        private volatile long lastAnswer;

        Supervisor(int index, InetAddress gateway, String psk) {
            this.index = index;
            this.from = FloodRun.address("192.0.2." + (10 + index));
            this.gateway = gateway;
            this.psk = psk;
        }

        void run() {
            long downSince = -1;
            int sequence = 0;
            while (running) {
                TestIpsecClient c;
                try {
                    c = connect();
                } catch (IOException e) {
                    sleep(1_000);
                    continue;
                }
                try {
                    connects++;
                    if (!awaitUp(c)) {
                        continue;
                    }
                    up = true;
                    lastAnswer = now();
                    if (downSince >= 0) {
                        long outage = now() - downSince;
                        longestOutageMillis = Math.max(longestOutageMillis, outage);
                        line("tunnel %d reconnected after %.1f s", index, outage / 1000.0);
                    }
                    c.onIpv4 = packet -> {
                        if (packet.length >= 28 && packet[9] == 1 && packet[20] == 0) {
                            answered++;
                            lastAnswer = now();
                        }
                    };
                    String reason = null;
                    while (running && reason == null) {
                        pings++;
                        sequence++;
                        c.sendIpv4(FloodRun.Icmp.echoRequest(c.address(), FloodRun.ipv4(FloodRun.TUNNEL_GATEWAY), index,
                                sequence & 0xFFFF));
                        sleep(20);
                        if (c.ipsecDown.getCount() == 0) {
                            reason = "IKE: dead peer detection or a DELETE";
                            detectedByDpd++;
                        } else if (c.linkDown.getCount() == 0) {
                            reason = "PPP/L2TP down: " + c.downReason;
                            detectedByDpd++;
                        } else if (now() - lastAnswer > 60_000) {
                            reason = "watchdog: no answer for 60 s";
                            detectedByWatchdog++;
                        }
                    }
                    if (!running) {
                        upAtEnd = now() - lastAnswer < 2_000;
                        return;
                    }
                    up = false;
                    outages++;
                    downSince = lastAnswer;
                    line("tunnel %d down (%s), last answer %.1f s ago; reconnecting", index, reason,
                            (now() - lastAnswer) / 1000.0);
                } finally {
                    c.close();
                }
                sleep(500);
            }
        }

        private boolean awaitUp(TestIpsecClient c) {
            long deadline = now() + 30_000;
            while (running && now() < deadline) {
                try {
                    if (c.awaitUp(1)) {
                        return true;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (c.linkDown.getCount() == 0 || c.ipsecDown.getCount() == 0) {
                    return false;
                }
            }
            return false;
        }

        private TestIpsecClient connect() throws IOException {
            TestIpsecClient c = new TestIpsecClient(UdpEndpoint.open(new InetSocketAddress(from, 500), false),
                    UdpEndpoint.open(new InetSocketAddress(from, 4500), false), FloodRun.CLAIMED_PRIVATE, gateway,
                    IkeSettings.builder().dpd(new IkeSettings.DpdSettings(true, Duration.ofSeconds(5),
                            Duration.ofSeconds(15))).build(),
                    PppClientSettings.androidLike(String.format("user%02d", index + 1),
                            String.format("password-%02d", index + 1)),
                    7_000 + index * 1_000L + connects, psk.getBytes(StandardCharsets.UTF_8));
            c.connect();
            return c;
        }

        private static long now() {
            return System.nanoTime() / 1_000_000L;
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
