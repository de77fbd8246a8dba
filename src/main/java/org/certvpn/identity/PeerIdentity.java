package org.certvpn.identity;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Who the IPsec peer proved to be, handed from IKE to the PPP layer so that the certificate-to-user
 * binding can be enforced (the 2011 stack could not: openswan and xl2tpd shared nothing).
 *
 * @param method how the peer authenticated
 * @param subject the certificate subject for {@link AuthMethod#CERTIFICATE}, empty for PSK
 * @param commonName the subject's CN (the user name by convention), empty when absent
 * @param serial the certificate serial number, empty for PSK
 * @param ikeId the IKE identity payload as text (DN, address, FQDN, key id) for traces
 */
public record PeerIdentity(
        AuthMethod method,
        Optional<X500Principal> subject,
        Optional<String> commonName,
        Optional<BigInteger> serial,
        String ikeId) {

    public enum AuthMethod { CERTIFICATE, PRE_SHARED_KEY }

    public PeerIdentity {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(ikeId, "ikeId");
    }

    public static PeerIdentity certificate(X500Principal subject, String commonName, BigInteger serial) {
        return new PeerIdentity(AuthMethod.CERTIFICATE, Optional.of(subject), Optional.ofNullable(commonName),
                Optional.of(serial), subject.getName(X500Principal.RFC2253));
    }

    public static PeerIdentity preSharedKey(String ikeId) {
        return new PeerIdentity(AuthMethod.PRE_SHARED_KEY, Optional.empty(), Optional.empty(), Optional.empty(), ikeId);
    }
}
