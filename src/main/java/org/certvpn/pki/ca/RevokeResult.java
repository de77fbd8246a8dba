package org.certvpn.pki.ca;

import java.util.List;

/**
 * What a revocation changed.
 *
 * @param revoked the entries now revoked, as the index records them
 * @param crl the CRL written with them
 */
public record RevokeResult(List<IndexEntry> revoked, CrlInfo crl) {
    public RevokeResult {
        revoked = List.copyOf(revoked);
    }
}
