package org.certvpn.onboard.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.certvpn.onboard.enroll.EnrollmentGrant.Decision;
import org.certvpn.onboard.enroll.EnrollmentGrant.State;
import org.junit.jupiter.api.Test;

class EnrollmentGrantTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(15);
    private static final Duration LINGER = Duration.ofSeconds(30);

    private static EnrollmentGrant grant() {
        return EnrollmentGrant.issue(seeded(), T0, TTL, LINGER);
    }

    private static SecureRandom seeded() {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(42);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tokenIs128BitsOfBase64UrlAndMatchesOnlyItself() {
        EnrollmentGrant g = grant();
        assertThat(g.token()).hasSize(EnrollmentGrant.TOKEN_LENGTH).matches("[A-Za-z0-9_-]+");
        assertThat(g.tokenMatches(g.token())).isTrue();
        assertThat(g.tokenMatches(g.token().substring(1) + "A")).isFalse();
        assertThat(g.tokenMatches(null)).isFalse();
        assertThat(g.tokenMatches("")).isFalse();
        assertThat(EnrollmentGrant.issue(new SecureRandom(), T0, TTL, LINGER).token()).isNotEqualTo(g.token());
        assertThat(g.toString()).doesNotContain(g.token());
    }

    @Test
    void viewsAndThePublicCaDoNotSpendTheLink() {
        EnrollmentGrant g = grant();
        for (int i = 0; i < 5; i++) {
            assertThat(g.view(T0.plusSeconds(i))).isInstanceOf(Decision.Allowed.class);
            assertThat(g.download(false, T0.plusSeconds(i), "198.51.100.7")).isInstanceOf(Decision.Allowed.class);
        }
        assertThat(g.state(T0.plusSeconds(10))).isEqualTo(State.OPEN);
        assertThat(g.spentBy()).isEmpty();
    }

    @Test
    void theFirstKeyDownloadSpendsTheLinkForEverythingAfter() {
        EnrollmentGrant g = grant();
        Instant t = T0.plusSeconds(60);
        assertThat(g.download(true, t, "198.51.100.7")).isInstanceOf(Decision.Allowed.class);
        assertThat(g.state(t)).isEqualTo(State.SPENT);
        assertThat(g.spentBy()).contains("198.51.100.7");
        assertThat(g.download(true, t.plusSeconds(1), "198.51.100.7")).isEqualTo(new Decision.Refused(State.SPENT, t));
        assertThat(g.download(false, t.plusSeconds(1), "198.51.100.7")).isEqualTo(new Decision.Refused(State.SPENT, t));
        assertThat(g.view(t.plusSeconds(1))).isEqualTo(new Decision.Refused(State.SPENT, t));
        // Spent stays spent, even past the expiry.
        assertThat(g.state(T0.plus(TTL).plusSeconds(1))).isEqualTo(State.SPENT);
    }

    @Test
    void expiresAtItsTimeAndRefusesFromThen() {
        EnrollmentGrant g = grant();
        Instant end = T0.plus(TTL);
        assertThat(g.view(end.minusMillis(1))).isInstanceOf(Decision.Allowed.class);
        assertThat(g.view(end)).isEqualTo(new Decision.Refused(State.EXPIRED, end));
        assertThat(g.download(true, end.plusSeconds(5), "198.51.100.7")).isEqualTo(new Decision.Refused(State.EXPIRED, end));
        assertThat(g.spentBy()).isEmpty();
    }

    @Test
    void finishedOnlyAfterTheLingerTime() {
        EnrollmentGrant used = grant();
        Instant t = T0.plusSeconds(100);
        assertThat(used.finished(t)).isFalse();
        used.download(true, t, "198.51.100.7");
        assertThat(used.finished(t.plus(LINGER).minusMillis(1))).isFalse();
        assertThat(used.finished(t.plus(LINGER))).isTrue();

        EnrollmentGrant unused = grant();
        assertThat(unused.finished(T0.plus(TTL))).isFalse();
        assertThat(unused.finished(T0.plus(TTL).plus(LINGER))).isTrue();
    }

    @Test
    void concurrentKeyDownloadsHandTheKeyOutOnce() throws Exception {
        EnrollmentGrant g = grant();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Decision>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String peer = "198.51.100." + i;
                tasks.add(() -> g.download(true, T0.plusSeconds(1), peer));
            }
            long allowed = 0;
            for (Future<Decision> f : pool.invokeAll(tasks)) {
                if (f.get() instanceof Decision.Allowed) {
                    allowed++;
                }
            }
            assertThat(allowed).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
