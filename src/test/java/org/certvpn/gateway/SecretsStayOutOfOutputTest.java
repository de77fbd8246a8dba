package org.certvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.certvpn.cli.Main;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.control.ControlRequest;
import org.certvpn.ike.IkeSettings;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.ClientRequest;
import org.certvpn.pki.ca.KeySpec;
import org.certvpn.pki.ca.ServerRequest;
import org.certvpn.ppp.PppClientSettings;
import org.certvpn.ppp.auth.AuthMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Secrets never leave the gateway through what it prints: a session with known secrets (a PSK, PPP passwords,
 * the server key's passphrase, a CA passphrase, and the wrong guesses of clients) runs with every log level on,
 * including PAP (whose password crosses the wire in cleartext inside the tunnel), and then every output an
 * operator sees is scanned for each secret as text and as hex: log records with their exceptions, the trace,
 * {@code status}, the metrics, {@code config check} of the good file and of a file with a wrong passphrase. The
 * files the CA writes with keys are checked for mode 0600 and for keys encrypted at rest.
 */
class SecretsStayOutOfOutputTest {
    static final InetAddress GATEWAY = GatewayCleartextTest.address("192.0.2.1");
    static final InetAddress NAT = GatewayCleartextTest.address("198.51.100.7");
    static final String PSK = "psk-Secret-7f3a9c51e0";
    static final String CA_PASSPHRASE = "ca-Secret-passphrase-40d1";
    static final String ALICE = "ppp-Secret-alice-5b93";
    static final String BOB = "ppp-Secret-bob-c2e8";
    static final String WRONG_PPP = "ppp-Wrong-guess-a61f";
    static final String WRONG_PSK = "psk-Wrong-guess-0e77";
    static final String WRONG_PASSPHRASE = "key-Wrong-passphrase-93bd";

    @TempDir
    Path dir;

    @Test
    void noSecretAppearsInLogsTraceStatusMetricsOrConfigCheck() throws Exception {
        Path ca = dir.resolve("ca");
        try (CaStore store = CaStore.init(ca, "C=JP, O=Example, CN=Secrets Test CA", KeySpec.EC_P256, 30,
                CA_PASSPHRASE.toCharArray())) {
            store.issueServer(ServerRequest.of("vpn.example.com", "192.0.2.1"));
            store.issueClient(ClientRequest.of("alice").withKey(KeySpec.EC_P256).withPassword("p12-Secret-0b5e"));
        }
        String keyPassphrase = Files.readString(ca.resolve("server/server.pass")).strip();
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("PSK", PSK);
        secrets.put("alice's PPP password", ALICE);
        secrets.put("bob's PPP password", BOB);
        secrets.put("a wrong PPP password", WRONG_PPP);
        secrets.put("a wrong PSK", WRONG_PSK);
        secrets.put("the server key passphrase", keyPassphrase);
        secrets.put("the CA passphrase", CA_PASSPHRASE);
        secrets.put("a wrong key passphrase", WRONG_PASSPHRASE);
        secrets.put("a PKCS#12 password", "p12-Secret-0b5e");

        String config = """
                [ike]
                listen = "192.0.2.1"

                [[connection]]
                name = "phones"
                auth = "certificate"
                certificate = "ca/server/server.crt"
                key = "ca/server/server.key"
                key-passphrase = "%s"
                trusted-cas = ["ca/ca.crt"]

                [[connection]]
                name = "psk"
                auth = "psk"

                [[connection.psk]]
                secret = "%s"

                [l2tp]
                local-ip = "203.0.113.1"
                pool = ["203.0.113.128-203.0.113.140"]

                [ppp]
                auth = ["mschap-v2", "chap", "pap"]

                [[user]]
                name = "alice"
                password = "%s"

                [[user]]
                name = "bob"
                password = "%s"

                [control]
                socket = "/nonexistent/control.sock"
                """;
        Path file = dir.resolve("gateway.toml");
        Files.writeString(file, config.formatted(keyPassphrase, PSK, ALICE, BOB));

        Map<String, String> outputs = new LinkedHashMap<>();
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringWriter w = new StringWriter();
                w.append(r.getLoggerName()).append(' ').append(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        w.append(' ').append(String.valueOf(p));
                    }
                }
                if (r.getThrown() != null) {
                    r.getThrown().printStackTrace(new PrintWriter(w));
                }
                synchronized (logged) {
                    logged.add(w.toString());
                }
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Logger certvpn = Logger.getLogger("org.certvpn");
        Level rootLevel = root.getLevel();
        Level certvpnLevel = certvpn.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        certvpn.setLevel(Level.ALL);
        try {
            ConfigResult r = ConfigLoader.load(new ConfigSources.Native(file));
            assertThat(r).as(r.toString()).isInstanceOf(ConfigResult.Loaded.class);
            InMemoryNetwork network = new InMemoryNetwork();
            Gateway gateway = new Gateway(ConfigMapping.plan(((ConfigResult.Loaded) r).config(), 2),
                    new InMemoryGatewayIo(network), () -> System.nanoTime() / 1_000_000L, Clock.systemUTC(),
                    new SplittableRandom(9));
            gateway.start();
            try {
                GatewayControl control = new GatewayControl(gateway,
                        new ConfigReload(new ConfigSources.Native(file), gateway, 2));
                // MS-CHAPv2, then PAP (the password in the clear inside the tunnel), then wrong guesses.
                try (TestIpsecClient a = client(network, 40_500, PSK, PppClientSettings.androidLike("alice", ALICE), 1);
                        TestIpsecClient b = client(network, 40_501, PSK, papOnly("bob", BOB), 2)) {
                    a.connect();
                    b.connect();
                    assertThat(a.awaitUp(15)).as("alice up; %s", a.trace).isTrue();
                    assertThat(b.awaitUp(15)).as("bob up over PAP; %s", b.trace).isTrue();
                    outputs.put("status", String.join("\n", control.handle(ControlRequest.of("status")).lines()));
                }
                try (TestIpsecClient wrongPpp = client(network, 40_502, PSK, papOnly("alice", WRONG_PPP), 3);
                        TestIpsecClient wrongChap = client(network, 40_503, PSK,
                                PppClientSettings.androidLike("bob", WRONG_PPP), 4);
                        TestIpsecClient wrongPsk = client(network, 40_504, WRONG_PSK,
                                PppClientSettings.androidLike("bob", BOB), 5)) {
                    wrongPpp.connect();
                    wrongChap.connect();
                    wrongPsk.connect();
                    assertThat(wrongPpp.linkDown.await(20, TimeUnit.SECONDS)).isTrue();
                    assertThat(wrongChap.linkDown.await(20, TimeUnit.SECONDS)).isTrue();
                    assertThat(wrongPsk.ipsecUp.await(3, TimeUnit.SECONDS)).isFalse();
                }
                outputs.put("reload", control.handle(ControlRequest.of("reload")).toString());
                outputs.put("trace", String.join("\n", control.handle(ControlRequest.of("trace", "", "10000")).lines()));
                outputs.put("metrics", gateway.metrics().scrape());
            } finally {
                gateway.close();
            }

            outputs.put("config check", run("config", "check", "--config", file.toString()));
            Path wrong = dir.resolve("wrong.toml");
            Files.writeString(wrong, config.formatted(WRONG_PASSPHRASE, PSK, ALICE, BOB));
            String wrongCheck = run("config", "check", "--config", wrong.toString());
            assertThat(wrongCheck).as("the wrong passphrase is reported").contains("error");
            outputs.put("config check with a wrong passphrase", wrongCheck);
            Files.writeString(wrong, config.formatted(keyPassphrase, PSK, ALICE, BOB) + "\n[[user]]\nname = \"alice\"\n"
                    + "password = \"" + WRONG_PPP + "\"\nbroken = \"" + WRONG_PSK + "\n");
            outputs.put("config check of a broken file with secrets", run("config", "check", "--config", wrong.toString()));
        } finally {
            root.removeHandler(capture);
            root.setLevel(rootLevel);
            certvpn.setLevel(certvpnLevel);
        }
        synchronized (logged) {
            outputs.put("log", String.join("\n", logged));
        }
        assertThat(outputs.get("log")).as("the session was logged at all levels").contains("PAP").isNotEmpty();
        assertThat(outputs.get("trace")).contains("alice", "bob");
        assertThat(outputs.get("config check")).contains("********");

        for (Map.Entry<String, String> out : outputs.entrySet()) {
            String text = out.getValue().toLowerCase(Locale.ROOT);
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                String plain = secret.getValue().toLowerCase(Locale.ROOT);
                String hex = HexFormat.of().formatHex(secret.getValue().getBytes(StandardCharsets.UTF_8));
                assertThat(text).as("%s in the %s", secret.getKey(), out.getKey()).doesNotContain(plain).doesNotContain(hex);
            }
        }

        // Keys at rest: encrypted, and every file holding a key or a secret readable by its owner only.
        for (String f : List.of("private/ca.key", "server/server.key", "server/server.pass", "clients/alice/alice.p12")) {
            Path p = ca.resolve(f);
            assertThat(Files.getPosixFilePermissions(p)).as(f)
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        assertThat(Files.readString(ca.resolve("private/ca.key"))).contains("BEGIN ENCRYPTED PRIVATE KEY");
        assertThat(Files.readString(ca.resolve("server/server.key"))).contains("BEGIN ENCRYPTED PRIVATE KEY");
    }

    private static PppClientSettings papOnly(String user, String password) {
        PppClientSettings a = PppClientSettings.androidLike(user, password);
        return new PppClientSettings(a.user(), a.password(), List.of(AuthMethod.PAP), a.mru(), a.requestCompression(),
                a.extraLcpOptions(), a.askDns(), a.extraIpcpOptions(), a.extraNcps(), a.timers(), a.echoIntervalMillis(),
                a.echoFailure());
    }

    private static TestIpsecClient client(InMemoryNetwork network, int port, String psk, PppClientSettings ppp, long seed)
            throws Exception {
        return new TestIpsecClient(network, NAT, port, port + 4_000, GatewayCleartextTest.address("192.168.1.10"),
                GATEWAY, IkeSettings.builder().build(), ppp, seed, psk.getBytes(StandardCharsets.UTF_8));
    }

    private static String run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return "status " + status + "\n" + out + "\n" + err;
    }
}
