package org.certvpn.config;

import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.util.Objects;

/** A CRL read at load time, kept with its path; {@code certvpn reload} reads it again. */
public record CrlFile(Path path, X509CRL crl) {
    public CrlFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(crl, "crl");
    }

    @Override
    public String toString() {
        return path + " (CRL of " + crl.getIssuerX500Principal().getName() + ")";
    }
}
