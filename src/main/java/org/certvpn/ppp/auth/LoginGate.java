package org.certvpn.ppp.auth;

import java.util.Optional;
import org.certvpn.identity.PeerIdentity;

/**
 * The order every login attempt goes through: throttle, certificate binding, then the credentials.
 * Cheap refusals come first so a blocked or unbound user never costs a directory look-up, and every
 * refusal (whatever its cause) counts as a failure for the throttle.
 */
public final class LoginGate {
    /** Ends the reason of an attempt refused by the throttle, before any credential was looked at. */
    public static final String THROTTLED = " (throttled)";

    private final CredentialVerifier verifier;
    private final BindingPolicy binding;
    private final AuthThrottle throttle;

    public LoginGate(CredentialVerifier verifier, BindingPolicy binding, AuthThrottle throttle) {
        this.verifier = verifier;
        this.binding = binding;
        this.throttle = throttle;
    }

    /**
     * @param user the PPP user name without domain prefix
     * @param identity what IPsec proved about the peer, empty without IPsec
     * @param source the peer's outer address, for the throttle and the trace
     * @return {@link Verification.Accepted}, or {@link Verification.Rejected} with a full reason line
     */
    public Verification check(String user, Credentials credentials, Optional<PeerIdentity> identity, String source,
            long nowMillis) {
        Optional<String> throttled = throttle.refusal(user, source, nowMillis);
        if (throttled.isPresent()) {
            return new Verification.Rejected("PPP user \"" + user + "\" refused: " + throttled.get() + THROTTLED);
        }
        Optional<String> unbound = binding.refusal(user, identity);
        if (unbound.isPresent()) {
            throttle.failed(user, source, nowMillis);
            return new Verification.Rejected(unbound.get());
        }
        Verification v = verifier.verify(user, credentials);
        if (v instanceof Verification.Rejected r) {
            throttle.failed(user, source, nowMillis);
            return new Verification.Rejected("PPP user \"" + user + "\" refused: " + r.reason() + " ("
                    + credentials.method() + ")");
        }
        throttle.succeeded(user, source, nowMillis);
        return v;
    }

    /** Whether a refusal reason says the throttle refused the attempt (these come in floods: log them sparingly). */
    public static boolean throttled(String reason) {
        return reason.endsWith(THROTTLED);
    }
}
