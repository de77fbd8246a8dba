package org.certvpn.config.classic;

import java.util.List;
import java.util.Objects;

/** A parsed chap-secrets file. */
public record ChapSecrets(List<Entry> entries) {
    public ChapSecrets {
        entries = List.copyOf(entries);
    }

    /**
     * One line: {@code client server secret [addresses...]}.
     *
     * @param clientWildcard the client column was an unquoted {@code *}
     * @param secretFromFile the secret column was an unquoted {@code @file} (pppd reads the secret from it)
     */
    public record Entry(String client, boolean clientWildcard, String server, String secret, boolean secretFromFile,
            List<String> addresses, String file, int line) {
        public Entry {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(secret, "secret");
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(file, "file");
        }
    }
}
