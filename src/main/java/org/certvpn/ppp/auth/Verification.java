package org.certvpn.ppp.auth;

import java.util.Optional;

/** The outcome of checking credentials. */
public sealed interface Verification {
    /**
     * The credentials are right.
     *
     * @param authenticatorResponse for MS-CHAPv2, the "S=..." proof that we know the password too
     */
    record Accepted(PppUser user, Optional<String> authenticatorResponse) implements Verification {}

    /** Refused, with the reason for the trace (never sent to the peer). */
    record Rejected(String reason) implements Verification {}
}
