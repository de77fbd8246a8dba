package org.certvpn.config;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** Certificates read from one file at load time, kept with the path so that convert can name it again. */
public record CertificateFile(Path path, List<X509Certificate> certificates) {
    public CertificateFile {
        Objects.requireNonNull(path, "path");
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + path);
        }
    }

    /** The first certificate of the file: the end-entity certificate for our own credential. */
    public X509Certificate first() {
        return certificates.getFirst();
    }

    @Override
    public String toString() {
        return path + " (" + certificates.size() + " certificate" + (certificates.size() == 1 ? "" : "s") + ": "
                + first().getSubjectX500Principal().getName() + ")";
    }
}
