package org.certvpn.ppp.auth;

import java.util.Arrays;

/** User names as peers send them. */
public final class UserNames {
    private UserNames() {}

    /**
     * Drops a Windows "DOMAIN\" prefix: RFC 2759 §8.2 hashes the name without it, and the directory and
     * the certificate binding know users by their bare names.
     */
    public static byte[] withoutDomain(byte[] name) {
        for (int i = name.length - 1; i >= 0; i--) {
            if (name[i] == '\\') {
                return Arrays.copyOfRange(name, i + 1, name.length);
            }
        }
        return name.clone();
    }
}
