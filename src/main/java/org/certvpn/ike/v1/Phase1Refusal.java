package org.certvpn.ike.v1;

import org.certvpn.ike.PeerAuthenticator;
import org.certvpn.ike.wire.NotifyType;

/**
 * Why Phase 1 refused a peer at the authentication step (Main Mode message 5, Aggressive Mode message 3),
 * and the one table that decides what the peer is told.
 *
 * <p>The notification goes out once, in an Informational exchange encrypted under the Phase 1 keys
 * (RFC 2409 §5.7, HASH(1) over it), because that is the only form initiators act on while Phase 1 is in
 * progress: strongSwan's IKEv1 informational task aborts a connecting IKE SA on an error notify it can
 * decrypt, and libreswan's pluto sends its own refusals that way. A cleartext notify would be ignored and
 * could be forged by anyone. It carries the type and the cookies, never text: the trace holds the detail.
 * Any error type is fatal to such an initiator; the type only decides what its log tells the user.
 *
 * <p>Where the peer cannot share our keys (no pre-shared key decrypts its message) nothing it could read
 * can be sent, so it is told nothing, as for malformed input.
 */
enum Phase1Refusal {
    /**
     * No usable certificate, unknown CA, revoked, expired: AUTHENTICATION-FAILED rather than
     * INVALID-CERTIFICATE or INVALID-CERT-AUTHORITY, so that whoever holds a copy of someone's (public)
     * certificate cannot tell revoked from foreign from a bad signature by probing.
     */
    CERTIFICATE(NotifyType.AUTHENTICATION_FAILED),
    /** The claimed ID is not in the certificate: the certificate proves nothing about that ID. */
    ID_NOT_IN_CERTIFICATE(NotifyType.AUTHENTICATION_FAILED),
    /** SIG or HASH_I does not verify. */
    PROOF(NotifyType.AUTHENTICATION_FAILED),
    /**
     * The peer proved its identity, but no connection accepts it (remote-ID patterns, a pre-shared key that
     * belongs to another identity): INVALID-ID-INFORMATION, which tells a real user to fix the profile's
     * identity rather than the credentials (strongSwan as a responder says AUTHENTICATION-FAILED here too;
     * its initiator gives up on either). Only once the proof verified; before that it is {@link #PROOF}
     * (otherwise a certificate copy with a junk signature would reveal whether it is valid and unrevoked).
     */
    ID_NOT_ACCEPTED(NotifyType.INVALID_ID_INFORMATION),
    /**
     * No pre-shared key decrypts message 5 (wrong or unknown key) or none exists for the peer: it cannot
     * decrypt anything we could encrypt, so it is told nothing.
     */
    NO_SHARED_KEY(null),
    /** The decrypted message lacks what authentication needs (a SIG payload): malformed input, told nothing. */
    MALFORMED(null);

    private final NotifyType notify;

    Phase1Refusal(NotifyType notify) {
        this.notify = notify;
    }

    /** The notification sent encrypted to the peer, or null to send nothing. */
    NotifyType notifyType() {
        return notify;
    }

    /** The refusal for what {@link PeerAuthenticator} found wrong with a certificate. */
    static Phase1Refusal of(PeerAuthenticator.Refusal r) {
        return switch (r) {
            case CERTIFICATE -> CERTIFICATE;
            case ID_NOT_IN_CERTIFICATE -> ID_NOT_IN_CERTIFICATE;
            case ID_NOT_ALLOWED -> ID_NOT_ACCEPTED;
        };
    }
}
