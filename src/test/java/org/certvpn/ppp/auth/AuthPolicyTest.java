package org.certvpn.ppp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.certvpn.identity.PeerIdentity;
import org.junit.jupiter.api.Test;

/** The binding policy's cases and the throttle's back-off, lockout and memory bound. */
class AuthPolicyTest {
    private static Optional<PeerIdentity> cert(String cn) {
        return Optional.of(PeerIdentity.certificate(new X500Principal("CN=" + cn + ",O=Example"), cn, BigInteger.TEN));
    }

    @Test
    void bindingPolicyCases() {
        assertThat(BindingPolicy.REQUIRE.refusal("alice", cert("alice"))).isEmpty();
        assertThat(BindingPolicy.REQUIRE.refusal("Alice", cert("alice")))
                .contains("PPP user \"Alice\" refused: certificate CN is \"alice\" (binding=require)");
        Optional<PeerIdentity> noCn = Optional.of(PeerIdentity.certificate(new X500Principal("O=Example"), null,
                BigInteger.ONE));
        assertThat(BindingPolicy.REQUIRE.refusal("alice", noCn))
                .contains("PPP user \"alice\" refused: the certificate \"O=Example\" has no CN (binding=require)");
        BindingPolicy map = BindingPolicy.map(Map.of("alice-phone", Set.of("alice")));
        assertThat(map.refusal("alice", cert("alice-phone"))).isEmpty();
        assertThat(map.refusal("alice-phone", cert("alice-phone"))).as("the CN itself").isEmpty();
        assertThat(map.refusal("bob", cert("alice-phone"))).isPresent();
        assertThat(BindingPolicy.OFF.refusal("anyone", Optional.empty())).isEmpty();
    }

    @Test
    void backoffDoublesThenLocksOut() {
        BackoffThrottle t = new BackoffThrottle(2, 1_000, 8_000, 6, 3_600_000, 100);
        long now = 0;
        t.failed("alice", "192.0.2.1", now);
        t.failed("alice", "192.0.2.1", now);
        assertThat(t.refusal("alice", "192.0.2.9", now)).as("two free failures").isEmpty();
        t.failed("alice", "192.0.2.1", now);
        assertThat(t.refusal("alice", "192.0.2.9", now)).contains("user \"alice\" blocked for another 1 s after 3 "
                + "failed logins");
        assertThat(t.refusal("bob", "192.0.2.1", now)).as("the source is blocked too").isPresent();
        assertThat(t.refusal("bob", "192.0.2.2", now)).isEmpty();
        t.failed("alice", "192.0.2.1", now);
        assertThat(t.refusal("alice", "192.0.2.9", now + 1_999)).isPresent();
        assertThat(t.refusal("alice", "192.0.2.9", now + 2_000)).isEmpty();
        t.failed("alice", "192.0.2.1", now);
        t.failed("alice", "192.0.2.1", now);
        assertThat(t.refusal("alice", "192.0.2.9", now + 3_599_000)).as("locked out after 6").isPresent();
        t.succeeded("alice", "192.0.2.1", now);
        assertThat(t.refusal("alice", "192.0.2.1", now)).isEmpty();
    }

    @Test
    void throttleForgetsTheLeastRecentlyUsedKeys() {
        BackoffThrottle t = new BackoffThrottle(0, 60_000, 60_000, 0, 0, 4);
        t.failed("u1", "s1", 0);
        assertThat(t.refusal("u1", "x", 0)).isPresent();
        t.failed("u2", "s2", 0);
        t.failed("u3", "s3", 0);
        assertThat(t.refusal("u1", "x", 0)).as("evicted by newer keys").isEmpty();
    }
}
