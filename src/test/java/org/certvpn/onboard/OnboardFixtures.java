package org.certvpn.onboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.certvpn.pki.PkiFiles;
import org.certvpn.pki.ca.CaFixtures;
import org.certvpn.pki.ca.CaLayout;
import org.certvpn.pki.ca.CaStore;

/** A CA with alice's certificate (p12 password {@value #P12_PASSWORD}) and her bundle request. */
public final class OnboardFixtures {
    public static final String P12_PASSWORD = "alice-pw";
    public static final String SERVER = "vpn.example.com";

    private OnboardFixtures() {}

    /** Makes a CA in {@code dir} with a server certificate for {@value #SERVER} and the user alice. */
    public static Path store(Path dir) throws Exception {
        CaFixtures.quickStore(dir, true);
        return dir;
    }

    public static BundleRequest alice(Path store, Optional<String> psk, boolean serverBehindNat) throws Exception {
        try (CaStore ca = CaStore.open(store, null)) {
            CaLayout layout = ca.layout();
            X509Certificate cert = PkiFiles.readCertificate(layout.clientCertificate("alice", Optional.empty()));
            byte[] p12 = Files.readAllBytes(layout.clientP12("alice", Optional.empty()));
            String friendly = Fingerprints.serialHex(cert) + " alice";
            return new BundleRequest("alice", Optional.empty(), cert, p12, friendly, ca.caCertificate(), SERVER, psk,
                    serverBehindNat);
        }
    }
}
