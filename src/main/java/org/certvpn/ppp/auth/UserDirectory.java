package org.certvpn.ppp.auth;

import java.util.Map;
import java.util.Optional;

/**
 * Where users and their secrets come from (chap-secrets, the native configuration). Implementations are
 * shared by every session and must be thread-safe. A remote directory (RADIUS) will rather implement
 * {@link CredentialVerifier}, which never needs the secret itself.
 */
@FunctionalInterface
public interface UserDirectory {
    /** The user of that exact name, if known. */
    Optional<PppUser> lookup(String name);

    /** A fixed in-memory directory. */
    static UserDirectory of(Map<String, PppUser> users) {
        Map<String, PppUser> copy = Map.copyOf(users);
        return name -> Optional.ofNullable(copy.get(name));
    }
}
