package org.certvpn.ppp.auth;

import java.util.Optional;

/**
 * Slows down password guessing: consulted before credentials are checked and told every outcome. Keys
 * are the PPP user name and the source (the peer's outer address). Shared by every session: thread-safe.
 */
public interface AuthThrottle {
    /** Why an attempt by this user from this source is refused right now; empty to let it through. */
    Optional<String> refusal(String user, String source, long nowMillis);

    void failed(String user, String source, long nowMillis);

    void succeeded(String user, String source, long nowMillis);

    /** No throttling at all. */
    AuthThrottle NONE = new AuthThrottle() {
        @Override
        public Optional<String> refusal(String user, String source, long nowMillis) {
            return Optional.empty();
        }

        @Override
        public void failed(String user, String source, long nowMillis) {}

        @Override
        public void succeeded(String user, String source, long nowMillis) {}
    };
}
