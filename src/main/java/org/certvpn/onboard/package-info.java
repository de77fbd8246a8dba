/**
 * Getting a certificate onto a client without copying files around: the per-user bundle (the
 * {@code .p12}, the CA certificate, a setup text per OS, an iOS/macOS configuration profile and a
 * Windows PowerShell script) built by {@link org.certvpn.onboard.BundleBuilder}, and in
 * {@code enroll} the one-time HTTPS page a phone downloads it from.
 *
 * <p>Layer: uses only the base and PKI layers; the CLI wires it to the CA store.
 */
package org.certvpn.onboard;
