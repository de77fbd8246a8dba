package org.certvpn.pki.ca;

import java.nio.file.Path;

/** Stores for tests outside this package (the CLI tests), made quickly. */
public final class CaFixtures {
    public static final String SUBJECT = CaTestSupport.SUBJECT;
    public static final String PASSPHRASE = new String(CaTestSupport.PASSPHRASE);

    private CaFixtures() {}

    /**
     * A CA with an EC key whose passphrase encryption uses few PBKDF2 rounds, so each command that
     * opens it is fast; with a server certificate for vpn.example.com and a client "alice" when asked.
     */
    public static void quickStore(Path dir, boolean withUsers) throws CaException {
        try (CaStore ca = CaTestSupport.quickInit(dir, KeySpec.EC_P256, 3650, CaSettings.defaults())) {
            if (withUsers) {
                ca.issueServer(new ServerRequest("vpn.example.com", java.util.List.of("192.0.2.1"), java.util.Optional.empty(),
                        100, KeySpec.EC_P256));
                ca.issueClient(ClientRequest.of("alice").withKey(KeySpec.EC_P256).withPassword("alice-pw"));
            }
        }
    }

    /** SHA-256 over every path, mode and content under {@code dir}. */
    public static String hashTree(Path dir) throws java.io.IOException {
        return CaTestSupport.hashTree(dir);
    }
}
