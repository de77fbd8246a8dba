package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.config.ProposalParser;
import org.certvpn.esp.Esp;
import org.certvpn.esp.EspContext;
import org.certvpn.esp.EspStatus;
import org.certvpn.esp.TransportUdp;
import org.certvpn.ike.IkeSettings;
import org.certvpn.l2tp.wire.DataHeader;
import org.certvpn.loadgen.BenchClient;
import org.certvpn.loadgen.EndpointTransport;
import org.certvpn.loadgen.LoadGenerator;
import org.certvpn.loadgen.LoadSettings;
import org.certvpn.loadgen.Proposals;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.net.OneShotEndpoint;
import org.certvpn.net.TunDevice;
import org.certvpn.pki.validation.TrustSettings;
import org.certvpn.ppp.PppClientSettings;
import org.certvpn.ppp.auth.AuthMethod;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's whole per-packet path in memory, with its real classes: a {@link TunLoop} and a
 * {@link ReceiveLoop} of the gateway run on the benchmark thread over one-packet doubles.
 *
 * <ul>
 *   <li>{@code outbound}: TUN read → router → PPP + L2TP + UDP headers in place → ESP seal → UDP send.
 *   <li>{@code roundTrip}: the above; the client opens the packet and seals the answer (its PPP, L2TP and
 *       ESP, as a phone would); then UDP receive → ESP open → L2TP → PPP → source check → TUN write.
 *   <li>{@code bareCryptoRoundTrip}: only the JCE crypto of the round trip (two encryptions + MACs, two
 *       MACs + decryptions of the same length): the floor any implementation pays.
 * </ul>
 * A real session (PSK, AES-128-CBC/HMAC-SHA1-96, CHAP) is set up first through the in-memory network by
 * the load generator's client. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the allocation
 * per packet, which must be zero.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DataPathBenchmark {
    /** The inner IPv4 packet's length. */
    @Param({"64", "1400"})
    public int size;

    private static final InetAddress GATEWAY = address("192.0.2.1");
    private static final InetAddress NAT = address("198.51.100.7");
    private static final int LAN_HOST = 0xCB00_7109; // 203.0.113.9
    private static final int HEADROOM = 128;

    private Path dir;
    private Gateway gateway;
    private BenchGatewayIo io;
    private LoadGenerator generator;
    private BenchClient client;
    private InetSocketAddress clientOuter;
    private TunLoop tunLoop;
    private OneShotTun tun;
    private ReceiveLoop receiveLoop;
    private OneShotEndpoint endpoint;
    private final EspContext clientEsp = new EspContext();
    private final DataHeader l2tp = new DataHeader();
    private byte[] outPacket;
    private final byte[] reply = new byte[HEADROOM + 70_000];
    private Cipher encrypt;
    private Cipher decrypt;
    private Mac mac;
    private final byte[] crypt = new byte[8192];
    private final byte[] macOut = new byte[32];
    private int padded;

    @Setup
    public void setUp() throws Exception {
        org.certvpn.bench.QuietLogging.apply();
        dir = Files.createTempDirectory("certvpn-bench-gw");
        Files.writeString(dir.resolve("gateway.toml"), """
                [ike]
                listen = "192.0.2.1"

                [[connection]]
                name = "psk"
                auth = "psk"
                remote-ids = ["%any"]
                esp-proposals = ["aes128-sha1"]
                [connection.dpd]
                enabled = false
                [[connection.psk]]
                ids = ["%any"]
                secret = "bench-psk"

                [l2tp]
                local-ip = "203.0.113.1"
                pool = ["198.51.100.128-198.51.100.140"]

                [ppp]
                auth = ["chap"]
                lcp-echo-interval = "0s"

                [[user]]
                name = "bench"
                password = "bench-ppp"

                [tun]
                isolate-clients = false

                [control]
                socket = "/nonexistent/control.sock"
                """, StandardCharsets.UTF_8);
        ConfigResult r = ConfigLoader.load(new ConfigSources.Native(dir.resolve("gateway.toml")));
        if (!(r instanceof ConfigResult.Loaded loaded)) {
            throw new IllegalStateException(r.toString());
        }
        InMemoryNetwork network = new InMemoryNetwork();
        io = new BenchGatewayIo(network);
        gateway = new Gateway(ConfigMapping.plan(loaded.config(), 1), io, () -> System.nanoTime() / 1_000_000L,
                Clock.systemUTC(), new SplittableRandom(9));
        gateway.start();

        LoadSettings settings = new LoadSettings(new InetSocketAddress(GATEWAY, 500), 4500, List.of(NAT),
                IkeSettings.builder().trust(TrustSettings.none()).build(),
                Proposals.ike(ProposalParser.parseIke("aes128-sha1-modp1024").proposals()),
                Proposals.esp(ProposalParser.parseEsp("aes128-sha1").proposals()),
                "bench-psk".getBytes(StandardCharsets.UTF_8),
                PppClientSettings.androidLike("bench", "bench-ppp").withAcceptAuth(List.of(AuthMethod.CHAP_MD5)),
                Duration.ofSeconds(20));
        generator = LoadGenerator.on(new EndpointTransport(a -> {
            try {
                return network.bind(a);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, 40_000), settings, 5);
        var report = generator.connect(1, 0, Duration.ofSeconds(20));
        if (report.up() != 1) {
            throw new IllegalStateException("the client did not connect: " + report.text());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gateway.sessions().stream().noneMatch(v -> v.tunnelAddress().isPresent())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no gateway session");
            }
            Thread.sleep(10);
        }
        client = BenchClient.firstUp(generator);
        clientOuter = gateway.sessions().getFirst().outer();

        io.capture(Thread.currentThread());
        outPacket = udpPacket(LAN_HOST, client.address(), size);
        tun = new OneShotTun();
        tunLoop = new TunLoop(gateway.core(), tun);
        endpoint = new OneShotEndpoint(new InetSocketAddress(GATEWAY, 4500));
        receiveLoop = new ReceiveLoop(gateway.core(), endpoint, ReceiveLoop.Kind.NAT_T, (port, source, datagram) -> {});
        if (roundTrip() != 1 || io.writtenLength != size) {
            throw new IllegalStateException("the round trip did not reach the TUN device");
        }

        SplittableRandom keys = new SplittableRandom(1);
        byte[] k = new byte[16];
        keys.nextBytes(k);
        encrypt = Cipher.getInstance("AES/CBC/NoPadding");
        encrypt.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new IvParameterSpec(new byte[16]));
        decrypt = Cipher.getInstance("AES/CBC/NoPadding");
        decrypt.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"), new IvParameterSpec(new byte[16]));
        mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(new byte[20], "HmacSHA1"));
        // ESP payload: inner UDP (8) + L2TP data header with length (8) + PPP (4) + the IPv4 packet.
        padded = (size + 20 + 2 + 15) / 16 * 16;
    }

    @TearDown
    public void tearDown() throws IOException {
        generator.close();
        gateway.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** TUN to UDP: one packet through the gateway's outbound path. */
    @Benchmark
    public int outbound() {
        tun.arm(outPacket);
        tunLoop.run();
        return io.sentLength;
    }

    /** TUN to UDP, the client's answer, UDP to TUN. Returns 1 when the answer reached the TUN device. */
    @Benchmark
    public long roundTrip() {
        long before = io.writes;
        tun.arm(outPacket);
        tunLoop.run();
        // The client: open, find the IPv4 packet, answer it from its own address.
        if (clientEsp.open(client.sa().inbound(), io.sent, 0, io.sentLength) != EspStatus.OK) {
            return -1;
        }
        int p = clientEsp.payloadOffset() + TransportUdp.HEADER_LENGTH;
        int n = clientEsp.payloadLength() - TransportUdp.HEADER_LENGTH;
        if (!l2tp.parse(io.sent, p, n)) {
            return -2;
        }
        int ip = l2tp.payloadOffset() + 4; // FF 03 00 21
        int ipLength = l2tp.payloadLength() - 4;
        System.arraycopy(io.sent, ip, reply, HEADROOM, ipLength);
        for (int i = 0; i < 4; i++) {
            byte t = reply[HEADROOM + 12 + i];
            reply[HEADROOM + 12 + i] = reply[HEADROOM + 16 + i];
            reply[HEADROOM + 16 + i] = t;
        }
        int frame = client.ppp().encapsulateIpv4(reply, HEADROOM, ipLength);
        int start = client.session().encapsulate(reply, frame, HEADROOM + ipLength - frame);
        int udp = start - TransportUdp.HEADER_LENGTH;
        TransportUdp.writeHeader(reply, udp, 1701, 1701, HEADROOM + ipLength - start);
        clientEsp.seal(client.sa().outbound(), reply, udp, HEADROOM + ipLength - udp, Esp.NEXT_HEADER_UDP);
        // The gateway: UDP/4500 to TUN.
        endpoint.arm(reply, clientEsp.packetLength(), clientOuter);
        System.arraycopy(reply, clientEsp.packetOffset(), reply, 0, clientEsp.packetLength());
        receiveLoop.run();
        return io.writes - before;
    }

    /** The crypto floor of {@link #roundTrip}: two AES-128-CBC encryptions and HMAC-SHA1s, two HMACs and decryptions. */
    @Benchmark
    public int bareCryptoRoundTrip() throws Exception {
        for (int i = 0; i < 2; i++) {
            encrypt.update(reply, HEADROOM, padded, crypt, 0);
            mac.update(crypt, 0, padded + 24);
            mac.doFinal(macOut, 0);
            mac.update(crypt, 0, padded + 24);
            mac.doFinal(macOut, 0);
            decrypt.update(crypt, 0, padded, crypt, 4096);
        }
        return macOut[0] + crypt[4096];
    }

    /** The crypto floor of {@link #outbound}: one encryption and one HMAC. */
    @Benchmark
    public int bareCryptoOneWay() throws Exception {
        encrypt.update(reply, HEADROOM, padded, crypt, 0);
        mac.update(crypt, 0, padded + 24);
        mac.doFinal(macOut, 0);
        return macOut[0];
    }

    private static byte[] udpPacket(int source, int destination, int size) {
        byte[] p = new byte[size];
        org.certvpn.bench.Packets.ipv4Udp(p, source, destination, 53, 40_000);
        return p;
    }

    private static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TUN device that yields the armed packet once, then reports itself closed. */
    static final class OneShotTun implements TunDevice {
        private byte[] packet;

        void arm(byte[] p) {
            packet = p;
        }

        @Override
        public String name() {
            return "bench";
        }

        @Override
        public int mtu() {
            return 1500;
        }

        @Override
        public int read(byte[] buf, int off, int maxLength) {
            byte[] p = packet;
            if (p == null) {
                return -1;
            }
            packet = null;
            System.arraycopy(p, 0, buf, off, p.length);
            return p.length;
        }

        @Override
        public boolean write(byte[] buf, int off, int length) {
            return true;
        }

        @Override
        public void close() {
            packet = null;
        }
    }
}
