package org.certvpn.config;

import java.util.Objects;

/**
 * Our certificate (the first in its file; any further certificates are sent to nobody, see the seed's
 * "one CERT payload" trap) and the matching private key. The loader checks that they belong together.
 */
public record ServerCredential(CertificateFile certificate, KeyFile key) {
    public ServerCredential {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
    }
}
