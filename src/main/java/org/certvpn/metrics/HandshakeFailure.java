package org.certvpn.metrics;

/**
 * Why a connection attempt ended before the client had an address: the {@code reason} label of
 * {@code certvpn_handshakes_failed_total}. A fixed set, so that every reason is exported (as 0) from
 * the start and alerts can name it before it first happens.
 */
public enum HandshakeFailure {
    /** No IKE or ESP proposal of the client is acceptable (NO-PROPOSAL-CHOSEN). */
    NO_PROPOSAL_CHOSEN("no_proposal_chosen"),
    /** Signature or pre-shared key hash did not verify. */
    AUTH_FAILED("auth_failed"),
    /** The client certificate (or one in its chain) is on a CRL. */
    REVOKED("revoked"),
    /** The client certificate is expired or not yet valid. */
    EXPIRED("expired"),
    /** The client certificate does not chain to a trusted CA. */
    UNKNOWN_CA("unknown_ca"),
    /** The client's IKE identity does not match its certificate or no connection accepts it. */
    ID_MISMATCH("id_mismatch"),
    /** The client stopped answering before the session was up. */
    TIMEOUT("timeout"),
    /** A message could not be decoded or broke the exchange's rules. */
    INVALID_MESSAGE("invalid_message"),
    /** A configured limit (tunnels per source/user/total, half-open SAs) refused the attempt. */
    LIMIT("limit"),
    /** The PPP user name does not fit the certificate under the binding policy. */
    BINDING_VIOLATION("binding_violation"),
    /** PPP authentication (MS-CHAPv2, CHAP, PAP) failed: wrong user or password. */
    PPP_AUTH_FAILED("ppp_auth_failed"),
    /** The address pool is exhausted. */
    NO_ADDRESS("no_address"),
    /** L2TP tunnel or session setup was refused or failed. */
    L2TP_FAILED("l2tp_failed"),
    /** The client gave up itself (IKE DELETE, StopCCN, CDN, LCP Terminate) before the session was up. */
    PEER_ABORTED("peer_aborted"),
    /** Anything not listed above; the connection trace has the details. */
    OTHER("other");

    private final String label;

    HandshakeFailure(String label) {
        this.label = label;
    }

    /** The value of the {@code reason} label. */
    public String label() {
        return label;
    }
}
