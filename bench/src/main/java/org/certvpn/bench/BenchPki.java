package org.certvpn.bench;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.stream.Stream;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.ClientRequest;
import org.certvpn.pki.ca.KeySpec;
import org.certvpn.pki.ca.ServerCredentials;
import org.certvpn.pki.ca.ServerRequest;

/** RSA-2048 certificates from the built-in CA, made in a temporary directory for one benchmark run. */
final class BenchPki {
    record Identity(X509Certificate certificate, PrivateKey key) {}

    final X509Certificate ca;
    final Identity server;
    final Identity client;

    private BenchPki(X509Certificate ca, Identity server, Identity client) {
        this.ca = ca;
        this.server = server;
        this.client = client;
    }

    static BenchPki create() throws Exception {
        Path dir = Files.createTempDirectory("certvpn-bench-pki");
        try {
            char[] pass = "bench-ca".toCharArray();
            try (CaStore store = CaStore.init(dir.resolve("ca"), "C=JP, O=Example, CN=Bench Root CA", KeySpec.RSA_2048,
                    30, pass)) {
                store.issueServer(ServerRequest.of("vpn.example.com", "192.0.2.1"));
                Path p12 = store.issueClient(ClientRequest.of("alice").withPassword("p12-pass")).p12File();
                ServerCredentials s = store.serverCredentials();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (FileInputStream in = new FileInputStream(p12.toFile())) {
                    ks.load(in, "p12-pass".toCharArray());
                }
                String alias = ks.aliases().nextElement();
                return new BenchPki(store.caCertificate(), new Identity(s.certificate(), s.key()),
                        new Identity((X509Certificate) ks.getCertificate(alias),
                                (PrivateKey) ks.getKey(alias, "p12-pass".toCharArray())));
            }
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
