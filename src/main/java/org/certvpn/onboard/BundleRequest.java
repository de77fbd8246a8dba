package org.certvpn.onboard;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a client bundle is made of. The {@code .p12} password is deliberately not here: it is
 * handed to the user apart from the files, so no file of the bundle may contain it.
 *
 * @param user the user name: the certificate's CN and the PPP user name
 * @param device the device name that tells the user's certificates apart, if any
 * @param clientCertificate the user's certificate
 * @param p12 the user's key, certificate and CA as the CA wrote them
 * @param friendlyName how phones list the imported certificate ({@code "SERIAL CN"})
 * @param caCertificate the root that issued the gateway's and the user's certificates
 * @param serverAddress what the user types as the server: the gateway's FQDN (its certificate's CN), or an address in its SAN
 * @param presharedKey the IPsec PSK, when Windows machines should use one instead of the certificate
 * @param serverBehindNat the gateway is reached through a NAT (port forwarding): Windows needs a registry setting then
 */
public record BundleRequest(String user, Optional<String> device, X509Certificate clientCertificate, byte[] p12,
        String friendlyName, X509Certificate caCertificate, String serverAddress, Optional<String> presharedKey,
        boolean serverBehindNat) {
    public BundleRequest {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        Objects.requireNonNull(p12, "p12");
        Objects.requireNonNull(friendlyName, "friendlyName");
        Objects.requireNonNull(caCertificate, "caCertificate");
        Objects.requireNonNull(serverAddress, "serverAddress");
        Objects.requireNonNull(presharedKey, "presharedKey");
        if (serverAddress.isBlank()) {
            throw new IllegalArgumentException("the server address is empty");
        }
        if (presharedKey.isPresent() && presharedKey.get().isEmpty()) {
            throw new IllegalArgumentException("the pre-shared key is empty");
        }
        p12 = p12.clone();
    }

    @Override
    public byte[] p12() {
        return p12.clone();
    }
}
