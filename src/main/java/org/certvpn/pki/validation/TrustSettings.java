package org.certvpn.pki.validation;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What peer certificates are checked against: the configured CAs (openswan's {@code cacerts}),
 * intermediate CAs the gateway knows in advance, and CRLs.
 *
 * @param trustAnchors CAs whose issued certificates are accepted (self-signed roots or configured
 *     intermediates; a chain only has to reach one of them)
 * @param intermediates CA certificates used to build chains but not trusted on their own
 * @param crls revocation lists; each applies to the CA that signed it
 * @param requireCrl refuse certificates whose issuing CA has no CRL configured (off by default: a CA
 *     without a CRL revokes nothing)
 */
public record TrustSettings(
        List<X509Certificate> trustAnchors,
        List<X509Certificate> intermediates,
        List<X509CRL> crls,
        boolean requireCrl) {

    public TrustSettings {
        trustAnchors = List.copyOf(trustAnchors);
        intermediates = List.copyOf(intermediates);
        crls = List.copyOf(crls);
    }

    public static TrustSettings of(List<X509Certificate> trustAnchors, List<X509CRL> crls) {
        return new TrustSettings(trustAnchors, List.of(), crls, false);
    }

    public static TrustSettings none() {
        return new TrustSettings(List.of(), List.of(), List.of(), false);
    }
}
