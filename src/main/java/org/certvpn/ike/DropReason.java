package org.certvpn.ike;

/** Why an inbound IKE datagram was dropped; each has a counter in {@link IkeCounters}. */
public enum DropReason {
    TOO_SHORT,
    MALFORMED,
    UNSUPPORTED_VERSION,
    UNKNOWN_SA,
    UNEXPECTED_MESSAGE,
    DECRYPTION_FAILED,
    HASH_MISMATCH,
    AUTHENTICATION_FAILED,
    NO_PROPOSAL_CHOSEN,
    HALF_OPEN_LIMIT,
    FRAGMENT_LIMIT,
    AGGRESSIVE_MODE_DISABLED,
    POLICY,
    /** A bug: an exception escaped an exchange. Always zero in a healthy engine; the fuzz targets assert it. */
    INTERNAL_ERROR
}
