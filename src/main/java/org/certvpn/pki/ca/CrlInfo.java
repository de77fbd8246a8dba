package org.certvpn.pki.ca;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A CRL just written.
 *
 * @param number its CRL number (RFC 5280 §5.2.3), one more than the previous CRL's
 * @param thisUpdate when it was made
 * @param nextUpdate when relying parties should expect the next one
 * @param revokedCount how many certificates it lists
 * @param pemFile {@code crl.pem}
 * @param derFile {@code crl.der}
 */
public record CrlInfo(BigInteger number, Instant thisUpdate, Instant nextUpdate, int revokedCount, Path pemFile,
        Path derFile) {}
