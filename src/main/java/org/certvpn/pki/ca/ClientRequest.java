package org.certvpn.pki.ca;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CaStore#issueClient} needs.
 *
 * @param cn the user name; the subject is the CA's RDNs with this CN
 * @param device tells a user's certificates apart; required for a second active certificate
 * @param days validity, cut at the CA's own expiry
 * @param p12Password the {@code .p12} password; empty generates one and returns it
 * @param profile how the {@code .p12} is protected
 * @param key the key to generate
 */
public record ClientRequest(String cn, Optional<String> device, int days, Optional<String> p12Password,
        P12Profile profile, KeySpec key) {
    public ClientRequest {
        Objects.requireNonNull(cn, "cn");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(p12Password, "p12Password");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Checks the user and device names without touching any store, so a command can refuse bad input
     * before asking for a passphrase. {@link CaStore#issueClient} checks again.
     */
    public void validate() throws CaException {
        try {
            Names.userName(cn);
            Names.deviceName(device.orElse(null));
        } catch (IllegalArgumentException e) {
            throw new CaException(e.getMessage());
        }
        if (p12Password.isPresent() && p12Password.get().isEmpty()) {
            throw new CaException("the .p12 password is empty");
        }
    }

    /** An RSA-2048 certificate for {@code cn}, compatible profile, generated password, default validity. */
    public static ClientRequest of(String cn) {
        return new ClientRequest(cn, Optional.empty(), CaStore.DEFAULT_CLIENT_DAYS, Optional.empty(),
                P12Profile.COMPATIBLE, KeySpec.RSA_2048);
    }

    public ClientRequest withDevice(String name) {
        return new ClientRequest(cn, Optional.of(name), days, p12Password, profile, key);
    }

    public ClientRequest withPassword(String password) {
        return new ClientRequest(cn, device, days, Optional.of(password), profile, key);
    }

    public ClientRequest withProfile(P12Profile p) {
        return new ClientRequest(cn, device, days, p12Password, p, key);
    }

    public ClientRequest withKey(KeySpec k) {
        return new ClientRequest(cn, device, days, p12Password, profile, k);
    }

    public ClientRequest withDays(int d) {
        return new ClientRequest(cn, device, d, p12Password, profile, key);
    }
}
