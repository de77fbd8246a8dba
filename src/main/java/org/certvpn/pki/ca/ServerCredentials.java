package org.certvpn.pki.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * What the gateway needs from the CA directory to authenticate itself and its clients.
 *
 * @param certificate the gateway's certificate ({@code server/server.crt})
 * @param key its private key, decrypted with {@code server/server.pass}
 * @param caCertificate the root that issued it and every client certificate
 */
public record ServerCredentials(X509Certificate certificate, PrivateKey key, X509Certificate caCertificate) {}
