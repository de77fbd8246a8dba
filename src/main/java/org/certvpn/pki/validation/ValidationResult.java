package org.certvpn.pki.validation;

import java.security.cert.X509Certificate;
import java.util.List;

/** The outcome of checking a peer's certificate: a path to a configured CA, or one line saying why not. */
public sealed interface ValidationResult {

    boolean valid();

    /**
     * @param path the leaf first, then each issuer up to and including the trust anchor
     * @param notes things worth a trace line that did not make the certificate invalid (a stale CRL)
     */
    record Valid(List<X509Certificate> path, List<String> notes) implements ValidationResult {
        public Valid {
            path = List.copyOf(path);
            notes = List.copyOf(notes);
        }

        public X509Certificate leaf() {
            return path.getFirst();
        }

        public X509Certificate anchor() {
            return path.getLast();
        }

        @Override
        public boolean valid() {
            return true;
        }
    }

    /** @param reason one line, e.g. "certificate CN=bob revoked (keyCompromise) at 2026-01-02T03:04:05Z" */
    record Invalid(String reason) implements ValidationResult {
        @Override
        public boolean valid() {
            return false;
        }
    }
}
