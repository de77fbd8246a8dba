package org.certvpn.onboard.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.certvpn.onboard.BundleFile;
import org.certvpn.onboard.ClientBundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enrollment page in a real browser: Debian's Chromium, headless, with a phone-sized viewport,
 * on 127.0.0.1. {@code --ignore-certificate-errors} stands for the user going past the warning about
 * the page's self-signed certificate (EnrollmentServerTest checks TLS against that exact
 * certificate). Skipped when Chromium is not installed; EnrollmentServerTest covers the same
 * behaviour with a plain HTTP client.
 */
class EnrollmentChromiumTest {
    @TempDir
    static Path tmp;
    private static ClientBundle bundle;

    @BeforeAll
    static void needsChromium() throws Exception {
        assumeThat(HeadlessChromium.BINARY).as("Chromium is not installed (apt-get install chromium); "
                + "EnrollmentServerTest covers the same behaviour over a plain HTTP client").isExecutable();
        bundle = EnrollmentFixture.bundle(tmp);
    }

    @Test
    void pageShowsFingerprintAndLinksAndTheBundleDownloadsOnce() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        MutableClock clock = new MutableClock(EnrollmentFixture.T0);
        EnrollmentFixture.Started s = EnrollmentFixture.start(bundle, clock, events);
        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        try (EnrollmentServer server = s.server();
                HeadlessChromium chromium = HeadlessChromium.start(tmp, true, 390, 844)) {
            String url = server.url().toString();
            chromium.navigate(url);
            assertThat(chromium.eval("document.getElementById('ca-fingerprint').innerText"))
                    .isEqualTo(bundle.caFingerprint());
            assertThat(chromium.eval("String(window.innerWidth)")).isEqualTo("390");
            String links = chromium.eval("Array.from(document.querySelectorAll('a')).map(a => a.href).join('\\n')");
            String base = url;
            assertThat(links.lines().toList()).containsExactly(
                    base + bundle.file(BundleFile.Role.P12).orElseThrow().name(),
                    base + bundle.file(BundleFile.Role.APPLE_PROFILE).orElseThrow().name(),
                    base + bundle.zipName(),
                    base + bundle.file(BundleFile.Role.CA_CERTIFICATE).orElseThrow().name());
            // Nothing on the page may be wider than the phone.
            assertThat(chromium.eval("String(document.documentElement.scrollWidth)")).isEqualTo("390");
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "enrollment-page-390x844.png"), chromium.screenshot());

            chromium.allowDownloads(downloads);
            String name = chromium.download(base + bundle.zipName());
            assertThat(name).isEqualTo(bundle.zipName());
            assertThat(Files.readAllBytes(downloads.resolve(name))).isEqualTo(bundle.zip());
            assertThat(s.grant().state(clock.instant())).isEqualTo(EnrollmentGrant.State.SPENT);

            chromium.navigate(base + bundle.zipName());
            assertThat(chromium.eval("document.getElementById('refused').innerText")).isEqualTo("This link has been used");
            chromium.navigate(url);
            assertThat(chromium.eval("document.getElementById('refused').innerText")).isEqualTo("This link has been used");
            assertThat(chromium.eval("String(document.querySelectorAll('a').length)")).isEqualTo("0");
        }
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        MutableClock clock = new MutableClock(EnrollmentFixture.T0);
        EnrollmentFixture.Started s = EnrollmentFixture.start(bundle, clock, new CopyOnWriteArrayList<>());
        try (EnrollmentServer server = s.server();
                HeadlessChromium chromium = HeadlessChromium.start(tmp, true, 390, 844)) {
            clock.advance(EnrollmentFixture.TTL.plus(Duration.ofSeconds(1)));
            chromium.navigate(server.url().toString());
            assertThat(chromium.eval("document.getElementById('refused').innerText")).isEqualTo("This link has expired");
            chromium.navigate(server.url().resolve(bundle.zipName()).toString());
            assertThat(chromium.eval("document.getElementById('refused').innerText")).isEqualTo("This link has expired");
        }
    }
}
