package org.certvpn.ppp.auth;

import java.util.Optional;

/** How an authentication exchange ends, on either side. */
public interface AuthListener {
    /**
     * @param user the user name (without domain prefix)
     * @param record the directory entry on the authenticator side; empty on the client side
     */
    void authSucceeded(String user, Optional<PppUser> record, long nowMillis);

    /** @param reason a readable line for the trace and the session's output */
    void authFailed(String user, String reason, long nowMillis);
}
