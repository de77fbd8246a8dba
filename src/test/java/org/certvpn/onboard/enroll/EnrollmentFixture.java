package org.certvpn.onboard.enroll;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.certvpn.onboard.BundleBuilder;
import org.certvpn.onboard.ClientBundle;
import org.certvpn.onboard.OnboardFixtures;

/** Alice's bundle and an enrollment server for it on 127.0.0.1, shared by the server and browser tests. */
final class EnrollmentFixture {
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final Duration TTL = Duration.ofMinutes(15);
    static final Duration LINGER = Duration.ofSeconds(30);

    private EnrollmentFixture() {}

    /** Makes a CA under {@code dir} and returns alice's bundle. */
    static ClientBundle bundle(Path dir) throws Exception {
        return BundleBuilder.build(OnboardFixtures.alice(OnboardFixtures.store(dir.resolve("ca")), Optional.empty(), false));
    }

    record Started(EnrollmentServer server, EnrollmentGrant grant, EphemeralTls tls) {}

    /** A server for {@code bundle} on 127.0.0.1 at a free port, deciding by {@code clock}. */
    static Started start(ClientBundle bundle, MutableClock clock, List<String> events) throws Exception {
        SecureRandom random = new SecureRandom();
        EnrollmentGrant grant = EnrollmentGrant.issue(random, clock.instant(), TTL, LINGER);
        EphemeralTls tls = EphemeralTls.create(List.of("127.0.0.1"), clock.instant(), clock.instant().plus(Duration.ofHours(1)),
                random);
        EnrollmentServer server = EnrollmentServer.start(bundle, grant, new InetSocketAddress("127.0.0.1", 0), "127.0.0.1",
                tls, clock, events::add);
        return new Started(server, grant, tls);
    }
}
