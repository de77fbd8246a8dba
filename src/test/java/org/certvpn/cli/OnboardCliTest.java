package org.certvpn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.certvpn.pki.ca.CaFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ca client --bundle}, {@code ca bundle} and {@code enroll} as the admin runs them. */
class OnboardCliTest {
    @TempDir
    static Path tmp;
    private static Path store;
    private static String pass;

    @BeforeAll
    static void setUp() throws Exception {
        store = tmp.resolve("store");
        CaFixtures.quickStore(store, true);
        pass = Files.writeString(tmp.resolve("pass"), CaFixtures.PASSPHRASE + "\n").toString();
    }

    @Test
    void clientWithBundleWritesFolderAndZipWithoutThePassword() throws Exception {
        Path out = tmp.resolve("bundles");
        CliRun r = CliRun.run("ca", "client", "--dir", store.toString(), "--cn", "bob", "--bundle", out.toString(),
                "--passphrase-file", pass);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Bundle for bob (server vpn.example.com)").contains("CA SHA-256");
        Matcher pw = Pattern.compile("p12 password (\\S+)").matcher(r.out());
        assertThat(pw.find()).isTrue();
        Path folder;
        try (Stream<Path> s = Files.list(out)) {
            folder = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(folder.getFileName().toString()).startsWith("bob-");
        assertThat(Files.exists(out.resolve(folder.getFileName() + ".zip"))).isTrue();
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.toList();
            assertThat(files).hasSize(9);
            for (Path f : files) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(pw.group(1));
            }
        }
    }

    @Test
    void bundleForAnExistingUserNeedsNoPassphrase() {
        CliRun r = CliRun.run("ca", "bundle", "--dir", store.toString(), "--cn", "alice", "--out", tmp.resolve("b2").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Bundle for alice");
    }

    @Test
    void warnsWhenTheServerAddressIsNotInTheGatewaysCertificate() {
        CliRun r = CliRun.run("ca", "bundle", "--dir", store.toString(), "--cn", "alice", "--server", "vpn.other.example",
                "--out", tmp.resolve("b3").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("warning: vpn.other.example is not a name in the gateway's certificate");
        CliRun ip = CliRun.run("ca", "bundle", "--dir", store.toString(), "--cn", "alice", "--server", "192.0.2.1",
                "--out", tmp.resolve("b4").toString());
        assertThat(ip.err()).as("an address in the SAN is fine").isEmpty();
    }

    @Test
    void badInputChangesNothing() throws Exception {
        String before = CaFixtures.hashTree(store);
        List<List<String>> cases = List.of(
                List.of("ca", "bundle", "--dir", store.toString(), "--cn", "nobody"),
                List.of("ca", "client", "--dir", store.toString(), "--cn", "carol", "--server", "x.example", "--passphrase-file", pass),
                List.of("ca", "client", "--dir", store.toString(), "--cn", "carol", "--bundle", tmp.resolve("x").toString(),
                        "--psk-file", tmp.resolve("missing").toString(), "--passphrase-file", pass),
                List.of("ca", "client", "--dir", store.toString(), "--cn", "carol", "--bundle", "--server", "a b",
                        "--passphrase-file", pass),
                List.of("enroll", "carol", "--dir", store.toString(), "--listen", "localhost:8443", "--passphrase-file", pass),
                List.of("enroll", "carol", "--dir", store.toString(), "--ttl", "forever", "--passphrase-file", pass),
                List.of("enroll", "carol", "--dir", store.toString(), "--ttl", "2d", "--passphrase-file", pass),
                List.of("enroll", "carol", "--dir", store.toString(), "--qr", "fancy", "--passphrase-file", pass));
        for (List<String> args : cases) {
            CliRun r = CliRun.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.oneErrorLine()).as(r.err()).isTrue();
        }
        assertThat(CaFixtures.hashTree(store)).isEqualTo(before);
    }

    @Test
    void enrollServesTheBundleOnceOnLoopbackThenEnds() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cmd.execute("enroll", "dave", "--dir",
                store.toString(), "--passphrase-file", pass, "--listen", "127.0.0.1:0", "--ttl", "2m", "--linger", "1s",
                "--qr", "plain", "--key", "ec:p256"));
        URI url = awaitUrl(out, exit);
        String printed = out.toString();
        Matcher pw = Pattern.compile("p12 password: (\\S+)").matcher(printed);
        assertThat(pw.find()).as(printed).isTrue();
        assertThat(printed).contains("CA SHA-256 fingerprint").contains("█");

        HttpClient client = HttpClient.newBuilder().sslContext(trustAll()).build();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain(pw.group(1));
        Matcher zip = Pattern.compile("href=\"([^\"]+\\.zip)\"").matcher(page.body());
        assertThat(zip.find()).isTrue();
        HttpResponse<byte[]> got = client.send(HttpRequest.newBuilder(url.resolve(zip.group(1))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).startsWith('P', 'K');

        assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Done: dave's certificate went to 127.0.0.1.");
    }

    private static URI awaitUrl(StringWriter out, CompletableFuture<Integer> exit) throws Exception {
        Pattern p = Pattern.compile("https://127\\.0\\.0\\.1:\\d+/e/[A-Za-z0-9_-]{22}/");
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            Matcher m = p.matcher(out.toString());
            if (m.find() && out.toString().contains("Waiting;")) {
                return URI.create(m.group());
            }
            if (exit.isDone()) {
                throw new AssertionError("enroll ended early with " + exit.get() + ": " + out);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no URL printed: " + out);
    }

    /** The CLI prints the page certificate's fingerprint for people; here any certificate will do. */
    private static SSLContext trustAll() throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ssl;
    }
}
