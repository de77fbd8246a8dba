package org.certvpn.config.toml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.certvpn.config.AuthMethod;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigProblem;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.config.GatewayConfig;
import org.certvpn.config.PppAuthMethod;
import org.certvpn.config.Secret;
import org.certvpn.config.TestPki;
import org.certvpn.config.UserBinding;
import org.certvpn.config.classic.ClassicFixtures;
import org.certvpn.config.Limits;
import org.certvpn.config.classic.ClassicSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native file: the shipped example parses, convert round-trips, and errors name file:line. */
class NativeConfigTest {
    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void makePki() throws Exception {
        TestPki.create(pki);
    }

    static GatewayConfig loaded(ConfigResult r) {
        if (r instanceof ConfigResult.Failed f) {
            throw new AssertionError("load failed: " + f.errors());
        }
        return ((ConfigResult.Loaded) r).config();
    }

    /** The example next to a pki/ directory holding what it names (key re-encrypted with its passphrase). */
    Path example() throws Exception {
        Path example = Path.of("certvpn.example.toml");
        Path copy = dir.resolve("certvpn.toml");
        Files.copy(example, copy);
        Path p = Files.createDirectories(dir.resolve("pki"));
        Files.copy(pki.resolve("server.pem"), p.resolve("server.pem"));
        Files.copy(pki.resolve("ca.pem"), p.resolve("ca.pem"));
        new ProcessBuilder("openssl", "rsa", "-in", pki.resolve("server.key").toString(), "-passin", "pass:hogefuga",
                "-aes256", "-passout", "pass:change-me", "-out", p.resolve("server.key").toString())
                .redirectErrorStream(true).start().waitFor();
        return copy;
    }

    @Test
    void shippedExampleParses() throws Exception {
        ConfigResult r = ConfigLoader.load(new ConfigSources.Native(example()));
        GatewayConfig c = loaded(r);
        assertThat(r.warnings()).isEmpty();
        assertThat(c.connections()).extracting(x -> x.authMethod()).containsExactly(AuthMethod.CERTIFICATE, AuthMethod.PSK);
        assertThat(c.connections().getFirst().ikeProposals()).hasSize(11);
        assertThat(c.connections().getFirst().credential()).isPresent();
        assertThat(c.connections().get(1).preSharedKeys()).singleElement()
                .satisfies(k -> assertThat(k.forAnyPeer()).isTrue());
        assertThat(c.users()).hasSize(2);
        assertThat(c.binding().mode()).isEqualTo(UserBinding.Mode.REQUIRE);
        assertThat(c.ppp().authMethods()).containsExactly(PppAuthMethod.MSCHAP_V2, PppAuthMethod.CHAP_MD5);
        assertThat(c.l2tp().cleartextTestMode()).isFalse();
        assertThat(c.ike().legacyClients()).isTrue();
        assertThat(c.connections().getFirst().effectiveIkeProposals(false)).hasSize(5);
    }

    GatewayConfig roundTrip(GatewayConfig c) throws Exception {
        Path out = dir.resolve("converted-" + System.nanoTime() + ".toml");
        Files.writeString(out, NativeConfigWriter.write(c, false, "converted"));
        return loaded(ConfigLoader.load(new ConfigSources.Native(out)));
    }

    @Test
    void convertThenLoadGivesAnEqualModel() throws Exception {
        GatewayConfig seed = loaded(ConfigLoader.load(new ConfigSources.Classic(
                ClassicSources.etc(ClassicFixtures.seed(dir.resolve("etc"), pki)))));
        assertThat(roundTrip(seed)).isEqualTo(seed);
        GatewayConfig psk = loaded(ConfigLoader.load(new ConfigSources.Classic(
                ClassicSources.etc(ClassicFixtures.libreswanPsk(dir.resolve("flat"))))));
        assertThat(roundTrip(psk)).isEqualTo(psk);
        GatewayConfig example = loaded(ConfigLoader.load(new ConfigSources.Native(example())));
        assertThat(roundTrip(example)).isEqualTo(example);
    }

    @Test
    void maskedOutputHidesEverySecret() throws Exception {
        GatewayConfig example = loaded(ConfigLoader.load(new ConfigSources.Native(example())));
        String masked = NativeConfigWriter.write(example, true, null);
        assertThat(masked).doesNotContain("change-me", "a-long-random-pre-shared-key", "alice-ppp-password",
                "bob-ppp-password").contains("password = \"" + Secret.MASK + "\"");
        assertThat(example.toString()).doesNotContain("change-me", "alice-ppp-password");
    }

    ConfigResult loadText(String text) throws Exception {
        Path f = dir.resolve("bad.toml");
        Files.writeString(f, text);
        return ConfigLoader.load(new ConfigSources.Native(f));
    }

    static List<String> errors(ConfigResult r) {
        assertThat(r).isInstanceOf(ConfigResult.Failed.class);
        return ((ConfigResult.Failed) r).errors().stream().map(ConfigProblem::toString).toList();
    }

    static final String MINIMAL = """
            [[connection]]
            name = "psk"
            auth = "psk"
            [[connection.psk]]
            secret = "s3cret-psk"

            [l2tp]
            local-ip = "192.0.2.1"
            pool = ["192.0.2.10-192.0.2.20"]
            """;

    @Test
    void minimalFileGetsTheDocumentedDefaults() throws Exception {
        GatewayConfig c = loaded(loadText(MINIMAL));
        assertThat(c.tun().address()).isEqualTo(c.l2tp().localIp());
        assertThat(c.ppp().name()).isEqualTo("certvpn");
        assertThat(c.l2tp().helloDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.connections().getFirst().requirePfs()).isFalse();
        assertThat(c.connections().getFirst().aggressiveMode()).isFalse();
        assertThat(c.metrics().address().isLoopbackAddress()).isTrue();
    }

    @Test
    void theLoginThrottleAndLockoutAreConfigurableAndWrittenBack() throws Exception {
        assertThat(loaded(loadText(MINIMAL)).limits().loginThrottle()).isEqualTo(Limits.LoginThrottle.DEFAULT);
        GatewayConfig c = loaded(loadText(MINIMAL + """
                [limits]
                login-free-failures = 3
                login-backoff = "5s"
                login-backoff-max = "10m"
                login-lockout-after = 20
                login-lockout = "1h"
                """));
        assertThat(c.limits().loginThrottle()).isEqualTo(new Limits.LoginThrottle(3, Duration.ofSeconds(5),
                Duration.ofMinutes(10), 20, Duration.ofHours(1)));
        assertThat(c.limits().loginThrottle().lockoutEnabled()).isTrue();
        Path written = dir.resolve("written.toml");
        Files.writeString(written, NativeConfigWriter.write(c, false, null));
        assertThat(loaded(ConfigLoader.load(new ConfigSources.Native(written))).limits()).isEqualTo(c.limits());
        String f = dir.resolve("bad.toml").toString();
        assertThat(errors(loadText(MINIMAL + "[limits]\nlogin-backoff = \"10m\"\nlogin-backoff-max = \"1m\"\n")))
                .containsExactly(f + ":12: error: limits.login-backoff-max: is shorter than login-backoff");
    }

    @Test
    void semanticErrorsNameFileAndLine() throws Exception {
        String f = dir.resolve("bad.toml").toString();
        assertThat(errors(loadText(MINIMAL + "hello-dealy = \"30s\"\n")))
                .containsExactly(f + ":10: error: unknown key \"l2tp.hello-dealy\"");
        assertThat(errors(loadText(MINIMAL.replace("192.0.2.10-192.0.2.20", "192.0.2.20-192.0.2.10"))))
                .singleElement().asString().startsWith(f + ":9: error: l2tp.pool[0]: range");
        assertThat(errors(loadText(MINIMAL.replace("name = \"psk\"", "name = \"psk\"\nike-proposals = \"aes-sha1-modp9\""))))
                .singleElement().asString().startsWith(f + ":3: error: connection[0].ike-proposals: unknown algorithm");
        assertThat(errors(loadText(MINIMAL + "bogus = = 1\n")))
                .allSatisfy(e -> assertThat(e).startsWith(f + ":10: error: TOML syntax"));
    }

    @Test
    void keyErrorsPointAtTheKeyLine() throws Exception {
        Path p = example();
        String text = Files.readString(p);
        Files.writeString(p, text.replace("key-passphrase = \"change-me\"", "key-passphrase = \"wrong-one\""));
        List<String> e = errors(ConfigLoader.load(new ConfigSources.Native(p)));
        int keyLine = lineOf(text, "key = \"pki/server.key\"");
        assertThat(e).singleElement().asString().startsWith(p + ":" + keyLine + ": error: connection[0].key: ")
                .contains("wrong passphrase").doesNotContain("wrong-one");
        Files.writeString(p, text.replace("pki/server.key", "pki/missing.key"));
        assertThat(errors(ConfigLoader.load(new ConfigSources.Native(p)))).singleElement().asString()
                .startsWith(p + ":" + keyLine + ": error:").contains("no such file");
    }

    @Test
    void anEcServerCertificateIsRefusedBecauseIkev1SignsWithRsa() throws Exception {
        Path p = example();
        Path pkiDir = dir.resolve("pki");
        for (List<String> cmd : List.of(
                List.of("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key"),
                List.of("openssl", "req", "-new", "-x509", "-key", "ec.key", "-subj", "/CN=vpn.example.com", "-days", "2",
                        "-out", "ec.pem"),
                List.of("openssl", "pkcs8", "-topk8", "-in", "ec.key", "-v2", "aes-256-cbc", "-passout", "pass:change-me",
                        "-out", "ec-enc.key"))) {
            assertThat(new ProcessBuilder(cmd).directory(pkiDir.toFile()).redirectErrorStream(true).start().waitFor())
                    .as(String.join(" ", cmd)).isZero();
        }
        String text = Files.readString(p);
        Files.writeString(p, text.replace("pki/server.pem", "pki/ec.pem").replace("pki/server.key", "pki/ec-enc.key"));
        assertThat(errors(ConfigLoader.load(new ConfigSources.Native(p)))).anySatisfy(e -> assertThat(e)
                .contains("pki/ec.pem has an EC key, but IKEv1 authentication here uses RSA signatures only"));
    }

    static int lineOf(String text, String fragment) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(fragment)) {
                return i + 1;
            }
        }
        throw new AssertionError(fragment);
    }
}
