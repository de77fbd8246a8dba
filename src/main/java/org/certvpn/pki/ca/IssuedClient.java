package org.certvpn.pki.ca;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * A user's new certificate and its files.
 *
 * @param entry its index entry
 * @param certificate the certificate
 * @param p12File key, certificate and CA certificate (mode 0600)
 * @param certificateFile the certificate alone (PEM, {@code .crt})
 * @param friendlyName the name phones show for the imported certificate: {@code "SERIAL CN"}
 * @param generatedPassword the {@code .p12} password when the CA made it up; hand it over separately
 * @param profile how the {@code .p12} is protected
 */
public record IssuedClient(IndexEntry entry, X509Certificate certificate, Path p12File, Path certificateFile,
        String friendlyName, Optional<String> generatedPassword, P12Profile profile) {}
