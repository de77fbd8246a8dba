package org.certvpn.pki.ca;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * The gateway's new certificate and where its files are.
 *
 * @param entry its index entry
 * @param certificate the certificate
 * @param certificateFile PEM certificate ({@code server/server.crt})
 * @param keyFile encrypted PKCS#8 key ({@code server/server.key}, mode 0600)
 * @param keyPassphraseFile the key's passphrase ({@code server/server.pass}, mode 0600)
 */
public record IssuedServer(IndexEntry entry, X509Certificate certificate, Path certificateFile, Path keyFile,
        Path keyPassphraseFile) {}
