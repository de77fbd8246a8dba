package org.certvpn.config;

/** What happens when a second connection arrives with an identity that already has one. */
public enum UniqueIds {
    /**
     * They coexist (the seed's {@code uniqueids = no}); a new connection is never blocked by an old one,
     * and stale ones go when their liveness checks fail.
     */
    NO,
    /** One per identity: the newest replaces the others. */
    YES
}
