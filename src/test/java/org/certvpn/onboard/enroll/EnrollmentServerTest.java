package org.certvpn.onboard.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.certvpn.onboard.BundleFile;
import org.certvpn.onboard.ClientBundle;
import org.certvpn.onboard.OnboardFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enrollment server over real HTTPS on 127.0.0.1 with a plain HTTP client that trusts exactly the
 * server's ephemeral certificate (so the TLS name check runs too): the page, single use, expiry, and
 * stopping by itself. {@link EnrollmentChromiumTest} repeats the essentials in a real browser.
 */
class EnrollmentServerTest {
    private static final Duration TTL = EnrollmentFixture.TTL;
    private static final Duration LINGER = EnrollmentFixture.LINGER;

    @TempDir
    static Path tmp;
    private static ClientBundle bundle;

    private MutableClock clock;
    private EnrollmentServer server;
    private HttpClient client;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void makeBundle() throws Exception {
        bundle = EnrollmentFixture.bundle(tmp);
    }

    private EnrollmentFixture.Started started;

    private void up() throws Exception {
        clock = new MutableClock(EnrollmentFixture.T0);
        started = EnrollmentFixture.start(bundle, clock, events);
        server = started.server();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("enrollment", started.tls().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void down() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<byte[]> get(String pathOrUrl) throws Exception {
        URI uri = pathOrUrl.startsWith("https:") ? URI.create(pathOrUrl) : server.url().resolve(pathOrUrl);
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void pageShowsTheFingerprintAndLinksAndNoPassword() throws Exception {
        up();
        assertThat(server.url().toString()).matches("https://127\\.0\\.0\\.1:\\d+/e/[A-Za-z0-9_-]{22}/");
        HttpResponse<byte[]> page = get(server.url().toString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
        String html = text(page);
        assertThat(html.replace("<wbr>", "")).contains(bundle.caFingerprint());
        assertThat(html).contains("name=\"viewport\"").doesNotContain("<script").doesNotContain(OnboardFixtures.P12_PASSWORD);
        String base = "/e/" + started.grant().token() + "/";
        for (String name : List.of(bundle.file(BundleFile.Role.P12).orElseThrow().name(),
                bundle.file(BundleFile.Role.APPLE_PROFILE).orElseThrow().name(), bundle.zipName(),
                bundle.file(BundleFile.Role.CA_CERTIFICATE).orElseThrow().name())) {
            assertThat(html).contains("href=\"" + base + name + "\"");
        }
        assertThat(events).anyMatch(e -> e.startsWith("page opened by 127.0.0.1"));
    }

    @Test
    void theKeyGoesOutOnceThenEverythingIsRefused() throws Exception {
        up();
        String ca = bundle.file(BundleFile.Role.CA_CERTIFICATE).orElseThrow().name();
        HttpResponse<byte[]> crt = get(ca);
        assertThat(crt.statusCode()).isEqualTo(200);
        assertThat(crt.body()).isEqualTo(bundle.file(ca).orElseThrow().content());
        assertThat(get(ca).statusCode()).as("the public CA does not spend the link").isEqualTo(200);
        HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(server.url().resolve(bundle.zipName()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).as("HEAD does not spend the link").isEqualTo(200);

        HttpResponse<byte[]> zip = get(bundle.zipName());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.body()).isEqualTo(bundle.zip());
        assertThat(zip.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"" + bundle.zipName() + "\"");
        assertThat(started.grant().spentBy()).contains("127.0.0.1");

        for (String again : List.of(bundle.zipName(), bundle.file(BundleFile.Role.P12).orElseThrow().name(), ca, "")) {
            HttpResponse<byte[]> r = get(again);
            assertThat(r.statusCode()).as(again).isEqualTo(410);
            assertThat(text(r)).contains("This link has been used");
        }
        assertThat(events).anyMatch(e -> e.contains("the link is now used up"));
    }

    @Test
    void profileAndP12CarryTheirTypes() throws Exception {
        up();
        BundleFile profile = bundle.file(BundleFile.Role.APPLE_PROFILE).orElseThrow();
        HttpResponse<byte[]> r = get(profile.name());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/x-apple-aspen-config");
        assertThat(r.headers().firstValue("Content-Disposition")).contains("inline; filename=\"" + profile.name() + "\"");
        assertThat(r.body()).isEqualTo(profile.content());
        assertThat(get(bundle.file(BundleFile.Role.P12).orElseThrow().name()).statusCode()).isEqualTo(410);
    }

    @Test
    void wrongTokensAndOtherFilesAreNotFound() throws Exception {
        up();
        String token = started.grant().token();
        String wrong = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
        for (String path : List.of("/", "/e/" + wrong + "/", "/e/" + wrong + "/" + bundle.zipName(),
                "/e/" + token + "/README.txt", "/e/" + token + "/setup-windows.ps1", "/e/" + token + "/../index.txt")) {
            HttpResponse<byte[]> r = get(server.url().resolve(path).toString());
            assertThat(r.statusCode()).as(path).isEqualTo(404);
        }
        assertThat(started.grant().state(clock.instant())).isEqualTo(EnrollmentGrant.State.OPEN);
    }

    @Test
    void anExpiredLinkIsRefusedAndTheServerStopsByItself() throws Exception {
        up();
        clock.advance(TTL);
        HttpResponse<byte[]> page = get(server.url().toString());
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(text(page)).contains("This link has expired");
        assertThat(get(bundle.zipName()).statusCode()).isEqualTo(410);
        assertThat(server.isStopped()).isFalse();
        clock.advance(LINGER);
        assertThat(server.awaitStop(Duration.ofSeconds(10))).isTrue();
        assertThat(events).contains("the link expired unused; stopped");
    }

    @Test
    void aUsedLinkStopsTheServerAfterTheLingerTime() throws Exception {
        up();
        assertThat(get(bundle.file(BundleFile.Role.P12).orElseThrow().name()).statusCode()).isEqualTo(200);
        clock.advance(LINGER.minusSeconds(1));
        Thread.sleep(500);
        assertThat(server.isStopped()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(server.awaitStop(Duration.ofSeconds(10))).isTrue();
        assertThat(events).contains("the link was used; stopped");
    }
}
