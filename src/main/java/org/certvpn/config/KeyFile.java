package org.certvpn.config;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Our private key, read (and decrypted) at load time so that an unreadable key or a wrong passphrase is
 * reported by the line that named it, not at the first client connection. Two instances are equal
 * when path, key material and passphrase are.
 */
public record KeyFile(Path path, PrivateKey key, Optional<Secret> passphrase) {
    public KeyFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(passphrase, "passphrase");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyFile k && k.path.equals(path) && k.passphrase.equals(passphrase)
                && k.key.getAlgorithm().equals(key.getAlgorithm()) && Arrays.equals(k.key.getEncoded(), key.getEncoded());
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, passphrase, Arrays.hashCode(key.getEncoded()));
    }

    @Override
    public String toString() {
        return path + " (" + key.getAlgorithm() + " private key" + (passphrase.isPresent() ? ", passphrase " + Secret.MASK : "") + ")";
    }
}
