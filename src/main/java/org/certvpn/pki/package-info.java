/**
 * X.509 material: reading certificate, key and CRL files, DN patterns for peer IDs, and (in
 * sub-packages) the built-in CA and peer certificate validation. Uses Bouncy Castle; knows nothing of
 * IKE or the gateway.
 */
package org.certvpn.pki;
