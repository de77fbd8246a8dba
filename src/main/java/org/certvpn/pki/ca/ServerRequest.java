package org.certvpn.pki.ca;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CaStore#issueServer} needs.
 *
 * @param fqdn the name users type on their phones; becomes the CN and the first SAN
 * @param ipAddresses addresses users may type instead (IPv4 or IPv6 literals), possibly empty
 * @param subject the subject's other RDNs (without CN); empty takes the CA's
 * @param days validity, cut at the CA's own expiry
 * @param key the key to generate
 */
public record ServerRequest(String fqdn, List<String> ipAddresses, Optional<String> subject, int days, KeySpec key) {
    public ServerRequest {
        Objects.requireNonNull(fqdn, "fqdn");
        ipAddresses = List.copyOf(ipAddresses);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Checks the names and addresses without touching any store, so a command can refuse bad input
     * before asking for a passphrase. {@link CaStore#issueServer} checks again.
     */
    public void validate() throws CaException {
        try {
            Names.fqdn(fqdn);
            Names.ipAddresses(ipAddresses);
            subject.ifPresent(Names::parseServerSubjectBase);
        } catch (IllegalArgumentException e) {
            throw new CaException(e.getMessage());
        }
    }

    /** An RSA-2048 server certificate for {@code fqdn} valid for {@link CaStore#DEFAULT_SERVER_DAYS}. */
    public static ServerRequest of(String fqdn, String... ipAddresses) {
        return new ServerRequest(fqdn, List.of(ipAddresses), Optional.empty(), CaStore.DEFAULT_SERVER_DAYS, KeySpec.RSA_2048);
    }
}
