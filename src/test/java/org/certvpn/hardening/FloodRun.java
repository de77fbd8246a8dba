package org.certvpn.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.certvpn.gateway.TestIpsecClient;
import org.certvpn.ike.IkeSettings;
import org.certvpn.net.UdpEndpoint;
import org.certvpn.ppp.PppClientSettings;

/**
 * Floods a running gateway while established tunnels keep forwarding, and reports loss and memory.
 * {@code hardening/flood.sh} builds the network namespaces and the gateway this expects, then runs it:
 *
 * <ul>
 *   <li>{@code tunnels} clients (the project's own IKEv1 initiator, ESP, LAC and PPP client over real UDP,
 *       PSK, users {@code user01..}) connect from {@code 192.0.2.10+i} and ping the gateway's tunnel address
 *       through their tunnels every {@code 20 ms}: every echo goes through ESP, L2TP, PPP and the TUN device
 *       both ways, and each one unanswered counts as lost;</li>
 *   <li>each scenario floods for a bounded number of packets and then stops by itself:
 *     <ul>
 *       <li>{@code mm1}: Main Mode first messages (fresh cookies) from hundreds of source addresses of
 *           198.51.100.0/24 and thousands of source ports;</li>
 *       <li>{@code esp}: UDP/4500 ESP with random SPIs from those addresses, then an established client's own
 *           ESP packets replayed (old sequence numbers) from its own endpoint;</li>
 *       <li>{@code l2tp}: an established client floods L2TP control messages inside its SA: new tunnels, ICRQs
 *           in a tunnel that never acknowledges, HELLOs out of sequence and malformed messages;</li>
 *       <li>{@code ppp}: PPP logins of one user with a wrong password, over and over, from a few addresses.</li>
 *     </ul></li>
 *   <li>the gateway's memory: heap in use after a full GC (through {@code jcmd}) before and after each
 *       flood, and the largest resident set size seen during it.</li>
 * </ul>
 *
 * Arguments are {@code key=value}: {@code gateway}, {@code psk}, {@code pid} (the gateway JVM), {@code log} (its log
 * file), {@code scenarios} (comma list), {@code tunnels}, {@code packets}, {@code rate} (packets per second),
 * {@code logins}, {@code metrics} (the gateway's metrics URL), {@code out} (where the summary goes). Exit status 1 when a tunnel lost 1 % or more.
 */
public final class FloodRun {
    static final InetAddress TUNNEL_GATEWAY = address("203.0.113.1");
    /** What clients claim as their private address in IKE, so that NAT-D sees a NAT and ESP goes over UDP/4500. */
    static final InetAddress CLAIMED_PRIVATE = address("198.51.100.250");

    private final Map<String, String> args;
    private final InetAddress gateway;
    private final String psk;
    private final long gatewayPid;
    private final int packets;
    private final int rate;
    private final PrintStream out;
    private final List<String> summary = new ArrayList<>();

    private FloodRun(Map<String, String> args) throws IOException {
        this.args = args;
        this.gateway = address(args.getOrDefault("gateway", "192.0.2.1"));
        this.psk = args.getOrDefault("psk", "flood-test-shared-secret");
        this.gatewayPid = Long.parseLong(args.getOrDefault("pid", "0"));
        this.packets = Integer.parseInt(args.getOrDefault("packets", "100000"));
        this.rate = Integer.parseInt(args.getOrDefault("rate", "10000"));
        this.out = System.out;
        if (args.containsKey("metrics")) {
            Metrics.endpoint = java.net.URI.create(args.get("metrics"));
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                System.err.println("arguments are key=value: " + a);
                System.exit(2);
            }
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        System.exit(new FloodRun(args).run());
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private int run() throws Exception {
        int tunnels = Integer.parseInt(args.getOrDefault("tunnels", "10"));
        List<Probe> probes = new ArrayList<>();
        boolean allGood = true;
        try {
            for (int i = 0; i < tunnels; i++) {
                probes.add(new Probe(i, client(address("192.0.2." + (10 + i)), String.format("user%02d", i + 1),
                        String.format("password-%02d", i + 1), 1000 + i)));
            }
            for (Probe p : probes) {
                if (!p.client.awaitUp(60)) {
                    throw new IllegalStateException("tunnel " + p.index + " did not come up");
                }
                p.start();
            }
            line("%d tunnels up", probes.size());
            summary.add(String.format(Locale.ROOT, "%-9s %12s %8s %8s %9s %9s %7s %10s %10s %9s  %s", "SCENARIO",
                    "FLOOD-PKTS", "SECONDS", "TUNNELS", "PINGS", "ANSWERED", "LOSS%", "HEAP-PRE", "HEAP-POST",
                    "MAX-RSS", "GATEWAY COUNTERS DURING THE FLOOD"));
            for (String scenario : args.getOrDefault("scenarios", "baseline,mm1,esp,l2tp,ppp").split(",")) {
                allGood &= scenario(scenario.strip(), probes);
            }
        } finally {
            probes.forEach(Probe::close);
        }
        summary.forEach(out::println);
        String file = args.get("out");
        if (file != null) {
            Files.write(Path.of(file), summary, StandardCharsets.UTF_8);
        }
        return allGood ? 0 : 1;
    }

    private TestIpsecClient client(InetAddress from, String user, String password, long seed) throws IOException {
        return client(from, 500, 4500, user, password, seed);
    }

    private TestIpsecClient client(InetAddress from, int port500, int port4500, String user, String password, long seed)
            throws IOException {
        TestIpsecClient c = new TestIpsecClient(UdpEndpoint.open(new InetSocketAddress(from, port500), false),
                UdpEndpoint.open(new InetSocketAddress(from, port4500), false), CLAIMED_PRIVATE, gateway,
                IkeSettings.builder().build(), PppClientSettings.androidLike(user, password), seed,
                psk.getBytes(StandardCharsets.UTF_8));
        c.connect();
        return c;
    }

    private boolean scenario(String name, List<Probe> probes) throws Exception {
        Memory before = Memory.afterGc(gatewayPid);
        Map<String, Double> countersBefore = Metrics.scrape();
        probes.forEach(Probe::reset);
        RssWatch rss = new RssWatch(gatewayPid);
        long start = System.nanoTime();
        long sent = switch (name) {
            case "baseline" -> {
                Thread.sleep(10_000);
                yield 0;
            }
            case "mm1" -> new MainModeFlood(gateway, packets, rate).run();
            case "esp" -> new EspFlood(gateway, packets, rate, probes.getFirst().client).run();
            case "l2tp" -> new L2tpFlood(packets, rate, mallory()).run();
            case "ppp" -> new LoginFlood(this, Integer.parseInt(args.getOrDefault("logins", "60"))).run();
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(2_000); // answers still on their way count
        rss.close();
        long pings = 0;
        long answered = 0;
        int up = 0;
        for (Probe p : probes) {
            long[] r = p.snapshot();
            pings += r[0];
            answered += r[1];
            up += p.client.linkDown.getCount() == 1 ? 1 : 0;
        }
        Memory after = Memory.afterGc(gatewayPid);
        Map<String, Double> counters = Metrics.delta(countersBefore, Metrics.scrape());
        double loss = pings == 0 ? 100 : 100.0 * (pings - answered) / pings;
        boolean ok = loss < 1.0 && up == probes.size();
        summary.add(String.format(Locale.ROOT, "%-9s %12d %8.1f %5d/%-2d %9d %9d %7.2f %10s %10s %9s  %s", name, sent,
                seconds, up, probes.size(), pings, answered, loss, before.heap(), after.heap(), Memory.mb(rss.max()),
                Metrics.describe(counters)));
        line("%s: %s", name, summary.getLast());
        return ok;
    }

    /** A client of its own for the floods that need an established SA (PSK, user mallory). */
    private TestIpsecClient mallory() throws Exception {
        TestIpsecClient m = client(address("192.0.2.99"), "mallory", "password-mallory", 666);
        if (!m.awaitUp(60)) {
            throw new IllegalStateException("mallory's tunnel did not come up");
        }
        return m;
    }

    TestIpsecClient loginAttempt(InetAddress from, int port, String user, String password, long seed) throws IOException {
        return client(from, port, port + 1, user, password, seed);
    }

    void line(String format, Object... values) {
        out.printf(Locale.ROOT, "flood: " + format + "%n", values);
        out.flush();
    }

    /** Paces a loop to {@code rate} iterations per second. */
    static final class Pace {
        private final long start = System.nanoTime();
        private final int rate;

        Pace(int rate) {
            this.rate = Math.max(1, rate);
        }

        void await(long done) throws InterruptedException {
            long due = start + done * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 2_000_000) {
                Thread.sleep(wait / 1_000_000);
            }
        }
    }

    /** Opens UDP sockets bound to {@code address} on ephemeral ports. */
    static DatagramChannel socket(InetAddress address) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.bind(new InetSocketAddress(address, 0));
        return ch;
    }

    static void send(DatagramChannel ch, byte[] datagram, InetSocketAddress to) {
        try {
            ch.send(ByteBuffer.wrap(datagram), to);
        } catch (IOException e) {
            // the flood goes on; the kernel may refuse a send now and then
        }
    }

    static byte[] resource(String path) throws IOException {
        try (InputStream in = FloodRun.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing resource " + path);
            }
            return in.readAllBytes();
        }
    }

    /** One established tunnel pinging the gateway's tunnel address through itself. */
    static final class Probe implements AutoCloseable {
        final int index;
        final TestIpsecClient client;
        private volatile boolean running;
        private long sent;
        private long answered;
        private int sequence;
        private Thread thread;

        Probe(int index, TestIpsecClient client) {
            this.index = index;
            this.client = client;
        }

        void start() {
            client.onIpv4 = packet -> {
                if (packet.length >= 28 && packet[9] == 1 && packet[20] == 0
                        && ((packet[24] & 0xFF) << 8 | (packet[25] & 0xFF)) == index) {
                    synchronized (this) {
                        answered++;
                    }
                }
            };
            running = true;
            thread = Thread.ofPlatform().daemon().name("probe-" + index).start(() -> {
                while (running) {
                    int source = client.address();
                    synchronized (this) {
                        sent++;
                        sequence++;
                    }
                    client.sendIpv4(Icmp.echoRequest(source, ipv4(TUNNEL_GATEWAY), index, sequence));
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        synchronized void reset() {
            sent = 0;
            answered = 0;
        }

        synchronized long[] snapshot() {
            return new long[] {sent, answered};
        }

        @Override
        public void close() {
            running = false;
            client.close();
        }
    }

    static int ipv4(InetAddress a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }

    /** The sender addresses of the floods: 198.51.100.1 to .200 (flood.sh puts them on the flood side). */
    static List<InetAddress> floodSources() {
        List<InetAddress> out = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            out.add(address("198.51.100." + i));
        }
        return out;
    }

    /** Memory of the gateway JVM as {@code jcmd} and {@code /proc} see it. */
    record Memory(long heapUsedBytes) {
        static Memory afterGc(long pid) {
            if (pid <= 0) {
                return new Memory(-1);
            }
            jcmd(pid, "GC.run");
            String info = jcmd(pid, "GC.heap_info");
            // e.g. " garbage-first heap   total reserved 262144K, committed 32768K, used 12345K [..."
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            return new Memory(m.find() ? Long.parseLong(m.group(1)) * 1024 : -1);
        }

        String heap() {
            return mb(heapUsedBytes);
        }

        static String mb(long bytes) {
            return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1fM", bytes / 1048576.0);
        }

        static long rss(long pid) {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (l.startsWith("VmRSS:")) {
                        return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
            return -1;
        }

        private static String jcmd(long pid, String command) {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            try {
                Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
                return text;
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
    }

    /** Samples the gateway's resident set size once a second and keeps the largest. */
    static final class RssWatch implements AutoCloseable {
        private volatile long max = -1;
        private volatile boolean running = true;
        private final Thread thread;

        RssWatch(long pid) {
            thread = Thread.ofPlatform().daemon().name("rss").start(() -> {
                while (running && pid > 0) {
                    max = Math.max(max, Memory.rss(pid));
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        long max() {
            return max;
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }

    /** ICMP echo requests, with checksums, for the probes. */
    static final class Icmp {
        private Icmp() {}

        static byte[] echoRequest(int source, int destination, int id, int sequence) {
            byte[] p = new byte[20 + 8 + 32];
            p[0] = 0x45;
            p[2] = (byte) (p.length >>> 8);
            p[3] = (byte) p.length;
            p[8] = 64;
            p[9] = 1;
            putInt(p, 12, source);
            putInt(p, 16, destination);
            putShort(p, 10, checksum(p, 0, 20));
            p[20] = 8;
            putShort(p, 24, id);
            putShort(p, 26, sequence);
            for (int i = 28; i < p.length; i++) {
                p[i] = (byte) i;
            }
            putShort(p, 22, checksum(p, 20, p.length - 20));
            return p;
        }

        static int checksum(byte[] b, int off, int len) {
            long sum = 0;
            for (int i = 0; i + 1 < len; i += 2) {
                sum += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
            }
            if ((len & 1) != 0) {
                sum += (b[off + len - 1] & 0xFF) << 8;
            }
            while ((sum >>> 16) != 0) {
                sum = (sum & 0xFFFF) + (sum >>> 16);
            }
            return (int) (~sum & 0xFFFF);
        }

        private static void putInt(byte[] b, int off, int v) {
            b[off] = (byte) (v >>> 24);
            b[off + 1] = (byte) (v >>> 16);
            b[off + 2] = (byte) (v >>> 8);
            b[off + 3] = (byte) v;
        }

        private static void putShort(byte[] b, int off, int v) {
            b[off] = (byte) (v >>> 8);
            b[off + 1] = (byte) v;
        }
    }

    static SplittableRandom random(long seed) {
        return new SplittableRandom(seed);
    }
}
