package org.certvpn.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.ike.IkeSettings;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.ClientRequest;
import org.certvpn.pki.ca.KeySpec;
import org.certvpn.pki.ca.ServerRequest;
import org.certvpn.pki.validation.TrustSettings;
import org.certvpn.ppp.PppClientSettings;

/**
 * Records the datagrams and frames of real exchanges between the project's own L2TP/IPsec client and the
 * whole gateway (in memory: a certificate client, a PSK client, a wrong PPP password, a gateway shutdown)
 * and writes them as seed inputs of the fuzz targets that parse them: ISAKMP messages, UDP/4500 datagrams,
 * ESP payloads, L2TP control and data messages, PPP frames, LCP/IPCP and CHAP packets.
 *
 * <p>Seeds from captures of real clients are better still; this is what a machine without the interop
 * lab can produce. Run it with {@code fuzz/seeds.sh}; it overwrites only files named {@code e2e-*}.
 */
public final class FuzzSeedCapture {
    /** At most this many seeds per target, so the regression run in {@code ./mvnw verify} stays quick. */
    private static final int MAX_PER_TARGET = 16;

    private final Map<String, List<byte[]>> seen = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        Path resources = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        FuzzSeedCapture capture = new FuzzSeedCapture();
        Path work = Files.createTempDirectory("certvpn-seeds");
        try {
            capture.run(work);
        } finally {
            deleteTree(work);
        }
        capture.write(resources);
        System.exit(0);
    }

    private synchronized void record(String kind, byte[] bytes) {
        List<byte[]> list = seen.computeIfAbsent(kind, k -> new ArrayList<>());
        for (byte[] b : list) {
            if (java.util.Arrays.equals(b, bytes)) {
                return;
            }
        }
        list.add(bytes);
    }

    private void run(Path dir) throws Exception {
        char[] pass = "ca-passphrase".toCharArray();
        Path ca = dir.resolve("ca");
        GatewayIpsecTest.Identity alice;
        java.security.cert.X509Certificate caCert;
        try (CaStore store = CaStore.init(ca, "C=JP, O=Example, CN=Example Root CA", KeySpec.RSA_2048, 30, pass)) {
            store.issueServer(ServerRequest.of("vpn.example.com", "192.0.2.1"));
            alice = GatewayIpsecTest.identity(store.issueClient(ClientRequest.of("alice").withPassword("p12-pass")).p12File());
            caCert = store.caCertificate();
        }
        Path config = dir.resolve("gateway.toml");
        Files.writeString(config, """
                [ike]
                listen = "192.0.2.1"

                [[connection]]
                name = "phones"
                auth = "certificate"
                remote-ids = ["C=JP, O=Example, CN=*"]
                certificate = "ca/server/server.crt"
                key = "ca/server/server.key"
                key-passphrase-file = "ca/server/server.pass"
                trusted-cas = ["ca/ca.crt"]
                crls = ["ca/crl.pem"]

                [[connection]]
                name = "psk"
                auth = "psk"

                [[connection.psk]]
                secret = "a-long-shared-secret"

                [l2tp]
                local-ip = "203.0.113.1"
                pool = ["203.0.113.128-203.0.113.140"]

                [ppp]
                ms-dns = ["203.0.113.53"]

                [[user]]
                name = "alice"
                password = "alice-ppp"

                [binding]
                mode = "off"

                [control]
                socket = "/nonexistent/control.sock"
                """);
        ConfigResult r = ConfigLoader.load(new ConfigSources.Native(config));
        if (!(r instanceof ConfigResult.Loaded loaded)) {
            throw new IllegalStateException(r.toString());
        }
        GatewayPlan plan = ConfigMapping.plan(loaded.config(), 2);
        InMemoryNetwork network = new InMemoryNetwork();
        InMemoryGatewayIo io = new InMemoryGatewayIo(network);
        Gateway gateway = new Gateway(plan, io, () -> System.nanoTime() / 1_000_000L, Clock.systemUTC(), new SplittableRandom(3));
        gateway.start();
        IkeSettings certificate = IkeSettings.builder().certificate(alice.cert(), alice.key())
                .trust(TrustSettings.of(List.of(caCert), List.of())).build();
        List<TestIpsecClient> clients = new ArrayList<>();
        try {
            clients.add(session(network, io, certificate, 40_500, 44_500, "alice", "alice-ppp", null, true));
            clients.add(session(network, io, IkeSettings.builder().build(), 40_501, 44_501, "alice", "alice-ppp",
                    "a-long-shared-secret", true));
            clients.add(session(network, io, certificate, 40_502, 44_502, "alice", "wrong-password", null, false));
            gateway.shutdown(Duration.ofSeconds(3));
            Thread.sleep(500);
        } finally {
            clients.forEach(TestIpsecClient::close);
            gateway.close();
        }
    }

    private TestIpsecClient session(InMemoryNetwork network, InMemoryGatewayIo io, IkeSettings settings, int port500,
            int port4500, String user, String password, String psk, boolean expectUp) throws Exception {
        TestIpsecClient c = new TestIpsecClient(network, GatewayIpsecTest.NAT, port500, port4500,
                GatewayCleartextTest.address("192.168.1.10"), GatewayIpsecTest.GATEWAY, settings,
                PppClientSettings.androidLike(user, password), port500, psk == null ? null : psk.getBytes());
        c.recorder = this::record;
        c.connect();
        if (!expectUp) {
            if (!c.linkDown.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the refused login did not end: " + c.trace);
            }
            return c;
        }
        if (!c.awaitUp(20)) {
            throw new IllegalStateException("session not up: " + c.trace);
        }
        int addr = c.address();
        c.sendIpv4(Ipv4Packets.udp(addr, GatewayIpsecTest.LAN_HOST, 5000, 53, "seed query".getBytes()));
        io.tunDevice().takeWritten(5, TimeUnit.SECONDS);
        io.tunDevice().inject(Ipv4Packets.udp(GatewayIpsecTest.LAN_HOST, addr, 53, 5000, "seed answer".getBytes()));
        c.received.poll(5, TimeUnit.SECONDS);
        return c;
    }

    private void write(Path resources) throws IOException, NoSuchAlgorithmException {
        Map<String, List<byte[]>> seeds = new LinkedHashMap<>();
        for (byte[] d : all("ike")) {
            add(seeds, "ike/wire/IsakmpDecoderFuzzTestInputs/decode", d);
        }
        for (byte[] d : all("udp4500")) {
            add(seeds, "esp/fuzz/EspFuzzTestInputs/udpDemux", d);
        }
        List<byte[]> sentL2tp = seen.getOrDefault("l2tp>", List.of());
        for (byte[] d : all("l2tp")) {
            boolean control = d.length > 0 && (d[0] & 0x80) != 0;
            add(seeds, control ? "l2tp/fuzz/L2tpCodecFuzzTestInputs/controlDecoder"
                    : "l2tp/fuzz/L2tpCodecFuzzTestInputs/dataHeader", control ? prefixed(0, d) : d);
            // Mode 1 of the ESP target seals the payload itself: no corruption (offset 0xFFFF), next header UDP.
            byte[] udp = new byte[8 + d.length];
            udp[0] = 0x06; udp[1] = (byte) 0xA5; udp[2] = 0x06; udp[3] = (byte) 0xA5;
            udp[4] = (byte) (udp.length >>> 8); udp[5] = (byte) udp.length;
            System.arraycopy(d, 0, udp, 8, d.length);
            add(seeds, "esp/fuzz/EspFuzzTestInputs/open", concat(new byte[] {1, (byte) 0xFF, (byte) 0xFF, 17}, udp));
        }
        add(seeds, "l2tp/fuzz/LnsFuzzTestInputs/lnsFedArbitraryDatagrams", lnsScript(sentL2tp));
        for (byte[] f : all("ppp")) {
            add(seeds, "ppp/fuzz/PppFrameFuzzTestInputs/decodeFrame", f);
            int offset = f.length >= 2 && (f[0] & 0xFF) == 0xFF && f[1] == 0x03 ? 2 : 0;
            if (f.length < offset + 2) {
                continue;
            }
            int protocol = (f[offset] & 0xFF) << 8 | (f[offset + 1] & 0xFF);
            byte[] packet = java.util.Arrays.copyOfRange(f, offset + 2, f.length);
            if (protocol == 0xC021 || protocol == 0x8021) {
                add(seeds, "ppp/fuzz/ControlPacketFuzzTestInputs/decodeLcpAndIpcp", packet);
            } else if (protocol == 0xC223 || protocol == 0xC023) {
                add(seeds, "ppp/fuzz/AuthPacketFuzzTestInputs/decodeChapMsChapV2AndPap", packet);
            }
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (var e : seeds.entrySet()) {
            Path folder = resources.resolve("org/certvpn").resolve(e.getKey());
            Files.createDirectories(folder);
            try (var old = Files.list(folder)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith("e2e-")).toList()) {
                    Files.delete(p);
                }
            }
            for (byte[] seed : e.getValue()) {
                String name = "e2e-" + HexFormat.of().formatHex(sha.digest(seed)).substring(0, 12);
                Files.write(folder.resolve(name), seed);
            }
            System.out.printf("%-70s %d seeds%n", folder, e.getValue().size());
        }
    }

    /** Both directions of one kind, sent first. */
    private List<byte[]> all(String kind) {
        List<byte[]> out = new ArrayList<>(seen.getOrDefault(kind + ">", List.of()));
        out.addAll(seen.getOrDefault(kind + "<", List.of()));
        return out;
    }

    /** The LNS target's records: op 0 (raw datagram) from peer 0, length byte, octets; short messages only. */
    private static byte[] lnsScript(List<byte[]> sent) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] d : sent) {
            if (d.length <= 255 && (d[0] & 0x80) != 0) {
                out.write(0);
                out.write(d.length);
                out.writeBytes(d);
            }
        }
        return out.toByteArray();
    }

    private static void add(Map<String, List<byte[]>> seeds, String folder, byte[] seed) {
        List<byte[]> list = seeds.computeIfAbsent(folder, k -> new ArrayList<>());
        if (list.size() < MAX_PER_TARGET && list.stream().noneMatch(b -> java.util.Arrays.equals(b, seed))) {
            list.add(seed);
        }
    }

    private static byte[] prefixed(int first, byte[] rest) {
        return concat(new byte[] {(byte) first}, rest);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
