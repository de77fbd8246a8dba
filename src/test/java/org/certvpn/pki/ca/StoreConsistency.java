package org.certvpn.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.certvpn.pki.PkiFiles;

/**
 * What "consistent" means for a store, checked after every simulated or real crash: open recovers;
 * afterwards there is no journal and no temporary file; every certificate file in the store is in
 * the index and the archive holds exactly the index's certificates; the CRL on disk has the index's
 * CRL number and lists exactly the revoked entries; the server key matches the server certificate.
 */
final class StoreConsistency {
    private StoreConsistency() {}

    /** Opens (recovering), checks everything, and returns the index entries by serial. */
    static Map<BigInteger, IndexEntry> check(Path dir, char[] passphrase) throws Exception {
        List<IndexEntry> entries;
        X509Certificate ca;
        BigInteger crlNumber;
        try (CaStore store = CaStore.open(dir, passphrase, CaTestSupport.realClock(1))) {
            entries = store.list();
            ca = store.caCertificate();
            crlNumber = store.crlNumber();
        }
        CaLayout layout = new CaLayout(dir);
        assertThat(layout.journal()).doesNotExist();
        try (Stream<Path> walk = Files.walk(dir)) {
            assertThat(walk.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).as("temporary files").isEmpty();
        }
        Map<BigInteger, IndexEntry> bySerial = entries.stream()
                .collect(Collectors.toMap(IndexEntry::serial, Function.identity()));
        assertThat(bySerial).hasSize(entries.size());

        // the archive holds exactly the indexed certificates, each as recorded
        Set<BigInteger> archived = new HashSet<>();
        try (Stream<Path> files = Files.list(dir.resolve("certs"))) {
            for (Path p : files.toList()) {
                X509Certificate c = PkiFiles.readCertificate(p);
                assertThat(p.getFileName().toString()).isEqualTo(IndexEntry.serialHex(c.getSerialNumber()) + ".pem");
                IndexEntry e = bySerial.get(c.getSerialNumber());
                assertThat(e).as("archived certificate %s is in the index", p.getFileName()).isNotNull();
                assertThat(e.notAfter()).isEqualTo(c.getNotAfter().toInstant());
                c.verify(ca.getPublicKey());
                archived.add(c.getSerialNumber());
            }
        }
        assertThat(archived).isEqualTo(bySerial.keySet());

        // every certificate handed out under clients/ and server/ is indexed
        for (Path p : listFiles(dir.resolve("clients"))) {
            String name = p.getFileName().toString();
            X509Certificate c = name.endsWith(".crt") ? PkiFiles.readCertificate(p) : null;
            if (c != null) {
                assertThat(bySerial).as("client file %s", p).containsKey(c.getSerialNumber());
            }
        }
        if (Files.exists(layout.serverCertificate())) {
            X509Certificate server = PkiFiles.readCertificate(layout.serverCertificate());
            assertThat(bySerial).containsKey(server.getSerialNumber());
            PrivateKey key = layout.readServerKey();
            assertThat(keyMatches(key, server)).as("server.key belongs to server.crt").isTrue();
        }

        // the CRL on disk is the index's CRL
        X509CRL crl = PkiFiles.readCrl(layout.crlDer());
        crl.verify(ca.getPublicKey());
        assertThat(PkiFiles.readCrl(layout.crlPem())).isEqualTo(crl);
        assertThat(crlNumberOf(crl)).isEqualTo(crlNumber);
        Set<BigInteger> onCrl = crl.getRevokedCertificates() == null ? Set.of()
                : crl.getRevokedCertificates().stream().map(X509CRLEntry::getSerialNumber).collect(Collectors.toSet());
        Set<BigInteger> revoked = entries.stream().filter(IndexEntry::isRevoked).map(IndexEntry::serial).collect(Collectors.toSet());
        assertThat(onCrl).isEqualTo(revoked);
        return bySerial;
    }

    static BigInteger crlNumberOf(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getValue();
    }

    static boolean keyMatches(PrivateKey key, X509Certificate cert) throws Exception {
        String alg = KeySpec.signatureAlgorithmFor(key.getAlgorithm());
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(cert);
        v.update(new byte[] {1, 2, 3});
        return v.verify(sig);
    }

    static KeyStore loadP12(Path file, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }

    private static List<Path> listFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
