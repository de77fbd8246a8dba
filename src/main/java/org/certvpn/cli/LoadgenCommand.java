package org.certvpn.cli;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.certvpn.config.ProposalParser;
import org.certvpn.ike.IkeSettings;
import org.certvpn.loadgen.ConnectReport;
import org.certvpn.loadgen.GatewayProbe;
import org.certvpn.loadgen.LoadGenerator;
import org.certvpn.loadgen.LoadSettings;
import org.certvpn.loadgen.Proposals;
import org.certvpn.loadgen.Sink;
import org.certvpn.loadgen.ThroughputReport;
import org.certvpn.pki.PkiFileException;
import org.certvpn.pki.PkiFiles;
import org.certvpn.pki.validation.TrustSettings;
import org.certvpn.ppp.PppClientSettings;
import org.certvpn.ppp.auth.AuthMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code certvpn loadgen run|sink}: the load generator (an L2TP/IPsec client for any standard server, by
 * the thousand from one address) and the UDP sink it measures throughput against. BENCHMARKS.md shows the
 * scenarios; only ever point it at servers in network namespaces or machines you own.
 */
@Command(name = "loadgen", description = "Load generator: many L2TP/IPsec clients, and the sink behind the gateway.",
        mixinStandardHelpOptions = true, subcommands = {LoadgenCommand.Run.class, LoadgenCommand.SinkCommand.class})
final class LoadgenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** "30s", "500ms", "2m", "1h". */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("a duration like 30s, 500ms, 2m: " + s);
            };
        }
    }

    static InetSocketAddress hostPort(String s, int defaultPort) throws CliException {
        try {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                return new InetSocketAddress(InetAddress.getByName(s), defaultPort);
            }
            return new InetSocketAddress(InetAddress.getByName(s.substring(0, colon)),
                    Integer.parseInt(s.substring(colon + 1)));
        } catch (IOException | NumberFormatException e) {
            throw new CliException("not an address[:port]: " + s);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Connect clients at a target rate, then optionally hold them, read the gateway's memory "
                    + "and measure forwarding through the sink. Every phase is bounded in time.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--server", required = true, paramLabel = "ADDRESS[:PORT]", description = "The gateway's IKE address (port 500).")
        String server;

        @Option(names = "--nat-t-port", defaultValue = "4500", paramLabel = "PORT")
        int natTPort;

        @Option(names = "--source", required = true, split = ",", paramLabel = "ADDRESS",
                description = "Local address(es) to send from; clients take them in turn, each client on a port of its own.")
        List<String> sources;

        @Option(names = "--p12", paramLabel = "FILE", description = "Client certificate and key (PKCS#12), shared by every client.")
        Path p12;

        @Option(names = "--p12-password-file", paramLabel = "FILE")
        Path p12Password;

        @Option(names = "--ca", paramLabel = "FILE", description = "The CA that must have issued the server's certificate (PEM or DER).")
        Path ca;

        @Option(names = "--psk-file", paramLabel = "FILE", description = "Authenticate with this pre-shared key instead of a certificate.")
        Path pskFile;

        @Option(names = "--ike", defaultValue = "aes128-sha1-modp2048", paramLabel = "LIST",
                description = "Phase 1 proposals, e.g. aes128-sha1-modp2048,aes256-sha1-modp1024 (default: ${DEFAULT-VALUE}).")
        String ike;

        @Option(names = "--esp", defaultValue = "aes128-sha1", paramLabel = "LIST", description = "Quick Mode proposals (default: ${DEFAULT-VALUE}).")
        String esp;

        @Option(names = "--ppp-auth", defaultValue = "mschap-v2", paramLabel = "mschap-v2|chap",
                description = "What PPP authentication to accept (default: ${DEFAULT-VALUE}).")
        String pppAuth;

        @Option(names = "--user", required = true, paramLabel = "NAME", description = "PPP user; %%d becomes the client's number.")
        String user;

        @Option(names = "--password-file", required = true, paramLabel = "FILE", description = "PPP password (first line).")
        Path passwordFile;

        @Option(names = "--clients", defaultValue = "1", paramLabel = "N")
        int clients;

        @Option(names = "--warmup", defaultValue = "0", paramLabel = "N",
                description = "Connect N clients first, at the same rate, and leave them out of the figures (JIT warm-up on both sides).")
        int warmup;

        @Option(names = "--rate", defaultValue = "100", paramLabel = "PER_SECOND", description = "Connects started per second (0: all at once).")
        double rate;

        @Option(names = "--max-pending", defaultValue = "0", paramLabel = "N",
                description = "At most N clients per lane connecting at a time; later starts wait for a slot, so the "
                        + "rate adapts to what both sides manage (default: ${DEFAULT-VALUE}, no limit).")
        int maxPending;

        @Option(names = "--lanes", defaultValue = "1", paramLabel = "N", description = "Generator threads.")
        int lanes;

        @Option(names = "--connect-timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION")
        Duration connectTimeout;

        @Option(names = "--nat-keepalive", defaultValue = "20s", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "NAT-T keepalive interval of an established client, as Android's racoon sends them "
                        + "(default: ${DEFAULT-VALUE}; 0s: none).")
        Duration natKeepalive;

        @Option(names = "--dpd-delay", defaultValue = "0s", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Send DPD R-U-THERE after this much silence (default: ${DEFAULT-VALUE}: never, only answer "
                        + "the server's, as Android's racoon does).")
        Duration dpdDelay;

        @Option(names = "--wait", defaultValue = "120s", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Longest wait for all clients to be up or failed.")
        Duration wait;

        @Option(names = "--hold", defaultValue = "0s", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Keep the tunnels up this long before measuring memory and throughput.")
        Duration hold;

        @Option(names = "--stop-file", paramLabel = "FILE",
                description = "End the hold early once FILE exists (several generators holding tunnels for one measurement).")
        Path stopFile;

        @Option(names = "--report-every", defaultValue = "0s", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "While holding, print the tunnels up and lost this often (0s: only at the end).")
        Duration reportEvery;

        @Option(names = "--gateway-pid", paramLabel = "PID", description = "Read this gateway's RSS and heap (jcmd) before and after connecting.")
        Long gatewayPid;

        @Option(names = "--throughput", split = ",", paramLabel = "up|down", description = "Directions to measure through the sink.")
        List<String> throughput = new ArrayList<>();

        @Option(names = "--sink", paramLabel = "ADDRESS:PORT", description = "The sink behind the gateway's TUN device.")
        String sink;

        @Option(names = "--sizes", split = ",", defaultValue = "64,1400", paramLabel = "BYTES", description = "Inner IPv4 packet sizes.")
        List<Integer> sizes;

        @Option(names = "--duration", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Length of each throughput measurement.")
        Duration duration;

        @Option(names = "--send-rate", defaultValue = "0", paramLabel = "PPS", description = "Packets per second to offer (0: as many as possible).")
        double sendRate;

        @Option(names = "--flows", defaultValue = "1", paramLabel = "N", description = "Tunnels carrying the upstream traffic.")
        int flows;

        @Option(names = "--histogram", paramLabel = "FILE",
                description = "With --gateway-pid: write the gateway's class histogram, taken with the tunnels up, to FILE.")
        Path histogram;

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
        Path json;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seeds the clients' randomness (the generator is not a security device).")
        long seed;

        @Option(names = "--verbose", description = "Log every client's protocol steps (costs the generator CPU that the gateway "
                + "under test shares; off by default: warnings only).")
        boolean verbose;

        @Spec
        CommandSpec spec;

        /** Held here: java.util.logging forgets the level of a logger nobody references. */
        private static final List<java.util.logging.Logger> QUIETED = List.of(
                java.util.logging.Logger.getLogger("org.certvpn"), java.util.logging.Logger.getLogger("certvpn"));

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (!verbose) {
                // Thousands of clients' INFO lines through the default console handler (caller lookup, a
                // synchronous write each) cost the generator more than its own public-key work.
                for (java.util.logging.Logger l : QUIETED) {
                    l.setLevel(java.util.logging.Level.WARNING);
                }
            }
            LoadSettings settings = settings();
            Optional<InetSocketAddress> sinkAddress = sink == null ? Optional.empty() : Optional.of(hostPort(sink, 9000));
            if (!throughput.isEmpty() && sinkAddress.isEmpty()) {
                throw new CliException("--throughput needs --sink");
            }
            GatewayProbe probe = gatewayPid == null ? null : new GatewayProbe(gatewayPid);
            long heap0 = -1;
            long rss0 = -1;
            if (probe != null) {
                heap0 = probe.heapUsedAfterGcBytes();
                rss0 = probe.rssBytes();
                out.printf(Locale.ROOT, "gateway before: heap %.1f MiB after GC, RSS %.1f MiB%n", heap0 / 1048576.0,
                        rss0 / 1048576.0);
                out.flush();
            }
            List<String> jsonParts = new ArrayList<>();
            try (LoadGenerator g = LoadGenerator.onSockets(settings, lanes, seed)) {
                if (warmup > 0) {
                    ConnectReport w = g.connect(warmup, rate, wait);
                    out.print("warm-up " + w.text());
                    out.flush();
                }
                long cpu0 = probe == null ? -1 : probe.cpuMillis();
                ConnectReport c = g.connect(clients, rate, wait);
                out.print(c.text());
                jsonParts.add("\"connect\":" + c.json());
                if (probe != null && c.up() > 0) {
                    long cpu = probe.cpuMillis() - cpu0;
                    out.printf(Locale.ROOT, "  gateway CPU: %.2f s in all = %.2f ms per connect%n", cpu / 1000.0,
                            cpu / (double) c.up());
                    jsonParts.add(String.format(Locale.ROOT, "\"gatewayCpuMillisPerConnect\":%.3f", cpu / (double) c.up()));
                }
                out.flush();
                if (!hold.isZero()) {
                    jsonParts.add("\"hold\":" + holdTunnels(g, out));
                }
                if (probe != null) {
                    int up = g.upCount();
                    long heap = probe.heapUsedAfterGcBytes();
                    if (histogram != null) {
                        Files.writeString(histogram, probe.classHistogram(), StandardCharsets.UTF_8);
                    }
                    long rss = probe.rssBytes();
                    double heapPer = up == 0 ? 0 : (heap - heap0) / (double) up;
                    double rssPer = up == 0 ? 0 : (rss - rss0) / (double) up;
                    out.printf(Locale.ROOT, "gateway with %d tunnels: heap %.1f MiB after GC (%.0f B per tunnel), "
                            + "RSS %.1f MiB (%.0f B per tunnel)%n", up, heap / 1048576.0, heapPer, rss / 1048576.0, rssPer);
                    jsonParts.add(String.format(Locale.ROOT, "\"memory\":{\"tunnels\":%d,\"heapBefore\":%d,\"heapAfter\":%d,"
                            + "\"heapPerTunnel\":%.0f,\"rssBefore\":%d,\"rssAfter\":%d,\"rssPerTunnel\":%.0f}",
                            up, heap0, heap, heapPer, rss0, rss, rssPer));
                }
                List<String> results = new ArrayList<>();
                for (String direction : throughput) {
                    for (int size : sizes) {
                        ThroughputReport r = switch (direction) {
                            case "up" -> g.upstream(sinkAddress.get(), size, sendRate, duration, flows);
                            case "down" -> g.downstream(sinkAddress.get(), size, sendRate, duration);
                            default -> throw new CliException("--throughput takes up and/or down, not " + direction);
                        };
                        out.print(r.text());
                        out.flush();
                        results.add(r.json());
                    }
                }
                if (!results.isEmpty()) {
                    jsonParts.add("\"throughput\":[" + String.join(",", results) + "]");
                }
            }
            if (json != null) {
                Files.writeString(json, "{" + String.join(",", jsonParts) + "}\n", StandardCharsets.UTF_8);
            }
            return 0;
        }

        /**
         * Keeps the tunnels up for {@code --hold} or until {@code --stop-file} exists, printing how many are
         * still up and how many the gateway or a timer ended meanwhile; returns the last count as JSON.
         */
        private String holdTunnels(LoadGenerator g, PrintWriter out) throws InterruptedException {
            long start = System.nanoTime();
            long end = start + hold.toNanos();
            long nextReport = reportEvery.isZero() ? Long.MAX_VALUE : start + reportEvery.toNanos();
            boolean stopped = false;
            while (System.nanoTime() < end) {
                if (stopFile != null && Files.exists(stopFile)) {
                    stopped = true;
                    break;
                }
                if (System.nanoTime() >= nextReport) {
                    LoadGenerator.LostTunnels lost = g.lost();
                    out.printf(Locale.ROOT, "holding %d s: %d tunnels up, %d lost%s%n",
                            (System.nanoTime() - start) / 1_000_000_000L, g.upCount(), lost.count(),
                            lost.count() == 0 ? "" : " " + lost.reasons());
                    out.flush();
                    nextReport += reportEvery.toNanos();
                }
                Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000L)));
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            int up = g.upCount();
            LoadGenerator.LostTunnels lost = g.lost();
            out.printf(Locale.ROOT, "after holding %d s%s: %d tunnels up, %d lost%s%n", seconds,
                    stopped ? " (stop file)" : "", up, lost.count(), lost.count() == 0 ? "" : " " + lost.reasons());
            out.flush();
            return String.format(Locale.ROOT, "{\"seconds\":%d,\"up\":%d,\"lost\":%d,\"lostReasons\":%s}", seconds, up,
                    lost.count(), lost.reasonsJson());
        }

        private LoadSettings settings() throws CliException, IOException {
            List<InetAddress> from = new ArrayList<>();
            for (String s : sources) {
                from.add(InetAddress.getByName(s));
            }
            IkeSettings.Builder b = IkeSettings.builder();
            IkeSettings.DpdSettings dpd = IkeSettings.DpdSettings.defaults();
            // Disabled DPD still advertises it and answers R-U-THERE; it only never asks.
            b.dpd(dpdDelay.isZero() ? new IkeSettings.DpdSettings(false, dpd.delay(), dpd.timeout())
                    : new IkeSettings.DpdSettings(true, dpdDelay, dpd.timeout()));
            byte[] psk = null;
            if (pskFile != null) {
                psk = firstLine(pskFile).getBytes(StandardCharsets.UTF_8);
            } else {
                if (p12 == null || ca == null) {
                    throw new CliException("give --p12 (with --p12-password-file) and --ca, or --psk-file");
                }
                loadP12(b);
                try {
                    b.trust(TrustSettings.of(PkiFiles.readCertificates(ca), List.of()));
                } catch (PkiFileException e) {
                    throw new CliException(e.getMessage());
                }
            }
            List<AuthMethod> auth = switch (pppAuth) {
                case "mschap-v2" -> List.of(AuthMethod.MSCHAP_V2);
                case "chap" -> List.of(AuthMethod.CHAP_MD5);
                default -> throw new CliException("--ppp-auth is mschap-v2 or chap");
            };
            try {
                return new LoadSettings(hostPort(server, 500), natTPort, from, b.build(),
                        Proposals.ike(ProposalParser.parseIke(ike).proposals()),
                        Proposals.esp(ProposalParser.parseEsp(esp).proposals()), psk,
                        PppClientSettings.androidLike(user, firstLine(passwordFile)).withAcceptAuth(auth), connectTimeout,
                        natKeepalive, maxPending);
            } catch (ProposalParser.ProposalException e) {
                throw new CliException(e.getMessage());
            }
        }

        private void loadP12(IkeSettings.Builder b) throws CliException, IOException {
            char[] pass = p12Password == null ? new char[0] : firstLine(p12Password).toCharArray();
            try (FileInputStream in = new FileInputStream(p12.toFile())) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(in, pass);
                for (Enumeration<String> e = ks.aliases(); e.hasMoreElements();) {
                    String alias = e.nextElement();
                    if (ks.isKeyEntry(alias)) {
                        b.certificate((X509Certificate) ks.getCertificate(alias), (PrivateKey) ks.getKey(alias, pass));
                        return;
                    }
                }
                throw new CliException(p12 + " holds no key");
            } catch (GeneralSecurityException e) {
                throw new CliException("cannot read " + p12 + ": " + e.getMessage());
            }
        }

        private static String firstLine(Path p) throws IOException {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.getFirst().strip();
        }
    }

    @Command(name = "sink", mixinStandardHelpOptions = true,
            description = "The UDP sink/echo/blaster the load generator measures against; run it behind the gateway's TUN.")
    static final class SinkCommand implements Callable<Integer> {
        @Option(names = "--listen", required = true, paramLabel = "ADDRESS:PORT")
        String listen;

        @Option(names = "--max-runtime", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Stops by itself after this long (default: ${DEFAULT-VALUE}).")
        Duration maxRuntime;

        @Override
        public Integer call() throws Exception {
            Sink.serve(hostPort(listen, 9000), maxRuntime);
            return 0;
        }
    }
}
