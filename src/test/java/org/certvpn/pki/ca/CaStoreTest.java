package org.certvpn.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certvpn.pki.ca.CaTestSupport.PASSPHRASE;
import static org.certvpn.pki.ca.CaTestSupport.SUBJECT;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.certvpn.pki.PkiFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA API end to end on a temporary directory, with a fixed clock and seeded randomness. */
class CaStoreTest {
    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");

    @TempDir
    Path tmp;

    private Path dir() {
        return tmp.resolve("ca");
    }

    private CaStore newCa(KeySpec key) throws CaException {
        return CaTestSupport.quickInit(dir(), key, 3650, CaTestSupport.fixed(NOW, 7));
    }

    private static ClientRequest client(String cn) {
        return ClientRequest.of(cn).withKey(KeySpec.EC_P256).withPassword("pw-" + cn);
    }

    @Test
    void rootHasCaExtensionsAndAnEncryptedPrivateKey() throws Exception {
        try (CaStore ca = newCa(KeySpec.EC_P256)) {
            X509Certificate root = ca.caCertificate();
            assertThat(root.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=Example Root CA, O=Example Inc., ST=Tokyo, C=JP"));
            assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
            root.verify(root.getPublicKey());
            assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
            assertThat(root.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
            boolean[] ku = root.getKeyUsage();
            assertThat(ku[5]).as("keyCertSign").isTrue();
            assertThat(ku[6]).as("cRLSign").isTrue();
            assertThat(ku[0]).as("digitalSignature").isFalse();
            assertThat(root.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
            assertThat(root.getSerialNumber().bitLength()).isEqualTo(128);
            assertThat(root.getNotBefore().toInstant()).isEqualTo(NOW.minus(1, ChronoUnit.HOURS));
            assertThat(root.getNotAfter().toInstant()).isEqualTo(NOW.plus(3650, ChronoUnit.DAYS));
        }
        CaLayout layout = new CaLayout(dir());
        assertThat(Files.readString(layout.caKey())).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.caKey()))).isEqualTo("rw-------");
        assertThat(PkiFiles.readPrivateKey(layout.caKey(), PASSPHRASE).getAlgorithm()).isIn("EC", "ECDSA");
        assertThat(StoreConsistency.crlNumberOf(PkiFiles.readCrl(layout.crlPem()))).isEqualTo(BigInteger.ONE);
        StoreConsistency.check(dir(), PASSPHRASE);
    }

    @Test
    void theCaKeyIsEncryptedWithPbes2Aes256And100kRounds() throws Exception {
        CaStore.init(dir(), SUBJECT, KeySpec.EC_P256, 30, PASSPHRASE).close();
        byte[] der = java.util.Base64.getMimeDecoder().decode(Files.readString(new CaLayout(dir()).caKey())
                        .replaceAll("-----[A-Z ]+-----", ""));
        var info = new org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo(der);
        var alg = info.getEncryptionAlgorithm();
        assertThat(alg.getAlgorithm()).isEqualTo(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_PBES2);
        var pbes2 = org.bouncycastle.asn1.pkcs.PBES2Parameters.getInstance(alg.getParameters());
        assertThat(pbes2.getEncryptionScheme().getAlgorithm()).isEqualTo(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_aes256_CBC);
        var kdf = org.bouncycastle.asn1.pkcs.PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        assertThat(kdf.getIterationCount()).isEqualTo(BigInteger.valueOf(100_000));
        assertThat(kdf.getPrf().getAlgorithm()).isEqualTo(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_hmacWithSHA256);
        try (CaStore ca = CaStore.open(dir(), PASSPHRASE)) {
            assertThat(ca.list()).hasSize(1);
        }
    }

    @Test
    void initRefusesAnExistingCaAndLeavesItAlone() throws Exception {
        newCa(KeySpec.EC_P256).close();
        String before = CaTestSupport.hashTree(dir());
        assertThatThrownBy(() -> newCa(KeySpec.EC_P256))
                .isInstanceOf(CaException.class).hasMessageContaining("already exists");
        assertThat(CaTestSupport.hashTree(dir())).isEqualTo(before);
    }

    @Test
    void initChecksItsInputBeforeTouchingTheDisk() {
        assertThatThrownBy(() -> CaStore.init(dir(), "C=JP, CN", KeySpec.EC_P256, 10, PASSPHRASE))
                .isInstanceOf(CaException.class).hasMessageContaining("invalid distinguished name");
        assertThatThrownBy(() -> CaStore.init(dir(), "C=JP, O=Example", KeySpec.EC_P256, 10, PASSPHRASE))
                .isInstanceOf(CaException.class).hasMessageContaining("needs a CN");
        assertThatThrownBy(() -> CaStore.init(dir(), SUBJECT, KeySpec.EC_P256, 10, "short".toCharArray()))
                .isInstanceOf(CaException.class).hasMessageContaining("at least 8");
        assertThatThrownBy(() -> CaStore.init(dir(), SUBJECT, KeySpec.EC_P256, 0, PASSPHRASE))
                .isInstanceOf(CaException.class).hasMessageContaining("validity");
        assertThat(dir()).doesNotExist();
    }

    @Test
    void wrongPassphraseIsRefusedAndReadOnlyOpenNeedsNone() throws Exception {
        newCa(KeySpec.EC_P256).close();
        assertThatThrownBy(() -> CaStore.open(dir(), "not the passphrase".toCharArray()))
                .isInstanceOf(CaException.class).hasMessageStartingWith("wrong CA passphrase");
        try (CaStore ro = CaStore.open(dir(), null)) {
            assertThat(ro.list()).hasSize(1);
            assertThatThrownBy(ro::serverCredentials).isInstanceOf(CaException.class).hasMessageContaining("no server certificate");
            assertThatThrownBy(() -> ro.issueClient(client("alice")))
                    .isInstanceOf(CaException.class).hasMessageContaining("passphrase");
        }
    }

    @Test
    void serverCertificateComesFromTheRootWithSansAndIkeEku() throws Exception {
        try (CaStore ca = newCa(KeySpec.EC_P256)) {
            IssuedServer s = ca.issueServer(new ServerRequest("VPN.Example.com", List.of("203.0.113.7", "2001:db8::1"),
                    Optional.empty(), 825, KeySpec.EC_P256));
            X509Certificate cert = s.certificate();
            cert.verify(ca.caCertificate().getPublicKey());
            assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.caCertificate().getSubjectX500Principal());
            assertThat(cert.getSubjectX500Principal())
                    .isEqualTo(new X500Principal("CN=vpn.example.com, O=Example Inc., ST=Tokyo, C=JP"));
            assertThat(cert.getSubjectAlternativeNames()).containsExactly(
                    List.of(2, "vpn.example.com"),
                    List.of(7, "203.0.113.7"),
                    List.of(2, "203.0.113.7"),
                    List.of(7, "2001:db8:0:0:0:0:0:1"));
            assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.8.2.2");
            assertThat(cert.getBasicConstraints()).isEqualTo(-1);
            assertThat(s.entry().kind()).isEqualTo(CertKind.SERVER);
            assertThat(s.entry().cn()).isEqualTo("vpn.example.com");
            assertThat(ca.currentServer()).contains(s.entry());
        }
        CaLayout layout = new CaLayout(dir());
        assertThat(StoreConsistency.keyMatches(layout.readServerKey(), PkiFiles.readCertificate(layout.serverCertificate()))).isTrue();
        try (CaStore gateway = CaStore.open(dir(), null)) {
            ServerCredentials creds = gateway.serverCredentials();
            assertThat(creds.certificate().getSubjectX500Principal().getName()).startsWith("CN=vpn.example.com");
            assertThat(StoreConsistency.keyMatches(creds.key(), creds.certificate())).isTrue();
            assertThat(creds.caCertificate()).isEqualTo(gateway.caCertificate());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.serverKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.serverKeyPassphrase()))).isEqualTo("rw-------");
        StoreConsistency.check(dir(), PASSPHRASE);
    }

    @Test
    void serverSubjectMayReplaceTheCasRdnsButNotTheCn() throws Exception {
        try (CaStore ca = newCa(KeySpec.EC_P256)) {
            IssuedServer s = ca.issueServer(new ServerRequest("gw.example.com", List.of(), Optional.of("C=US, O=Gateway Ops"),
                    30, KeySpec.EC_P256));
            assertThat(s.certificate().getSubjectX500Principal()).isEqualTo(new X500Principal("CN=gw.example.com, O=Gateway Ops, C=US"));
            assertThatThrownBy(() -> ca.issueServer(new ServerRequest("gw.example.com", List.of(), Optional.of("O=X, CN=other"),
                    30, KeySpec.EC_P256))).isInstanceOf(CaException.class).hasMessageContaining("leave CN out");
        }
    }

    @Test
    void badServerNamesAndAddressesAreRefusedWithoutChange() throws Exception {
        newCa(KeySpec.EC_P256).close();
        String before = CaTestSupport.hashTree(dir());
        try (CaStore ca = CaStore.open(dir(), PASSPHRASE, CaTestSupport.fixed(NOW, 8))) {
            for (String fqdn : List.of("", "vpn..example.com", "-vpn.example.com", "vpn_1.example.com", "203.0.113.7", "vpn.example.123")) {
                assertThatThrownBy(() -> ca.issueServer(ServerRequest.of(fqdn)))
                        .as(fqdn).isInstanceOf(CaException.class).hasMessageContaining("invalid FQDN");
            }
            for (String ip : List.of("203.0.113", "203.0.113.256", "vpn.example.com", "1.2.3.4.5", "203.0.113.07", "fe80::1%eth0")) {
                assertThatThrownBy(() -> ca.issueServer(ServerRequest.of("vpn.example.com", ip)))
                        .as(ip).isInstanceOf(CaException.class).hasMessageContaining("invalid IP address");
            }
        }
        assertThat(CaTestSupport.hashTree(dir())).isEqualTo(before);
    }

    @Test
    void clientP12OpensInTheJdkKeyStoreInBothProfiles() throws Exception {
        try (CaStore ca = newCa(KeySpec.EC_P256)) {
            for (P12Profile profile : P12Profile.values()) {
                String cn = "user-" + profile;
                IssuedClient c = ca.issueClient(client(cn).withProfile(profile));
                X509Certificate cert = c.certificate();
                assertThat(cert.getSubjectX500Principal())
                        .isEqualTo(new X500Principal("CN=" + cn + ", O=Example Inc., ST=Tokyo, C=JP"));
                assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
                assertThat(c.friendlyName()).isEqualTo(c.entry().serialHex() + " " + cn);
                assertThat(c.p12File()).isEqualTo(dir().resolve("clients/" + cn + "/" + cn + ".p12"));
                assertThat(PkiFiles.readCertificate(c.certificateFile())).isEqualTo(cert);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.p12File()))).isEqualTo("rw-------");

                KeyStore ks = StoreConsistency.loadP12(c.p12File(), "pw-" + cn);
                assertThat(Collections.list(ks.aliases())).containsExactly(c.friendlyName().toLowerCase(java.util.Locale.ROOT));
                String alias = ks.aliases().nextElement();
                assertThat(ks.isKeyEntry(alias)).isTrue();
                Certificate[] chain = ks.getCertificateChain(alias);
                assertThat(chain).containsExactly(cert, ca.caCertificate());
                assertThat(StoreConsistency.keyMatches((java.security.PrivateKey) ks.getKey(alias, ("pw-" + cn).toCharArray()), cert)).isTrue();
            }
        }
    }

    @Test
    void generatedP12PasswordIsReturnedAndWorks() throws Exception {
        try (CaStore ca = newCa(KeySpec.EC_P256)) {
            IssuedClient c = ca.issueClient(ClientRequest.of("bob").withKey(KeySpec.EC_P256));
            assertThat(c.generatedPassword()).isPresent();
            String pw = c.generatedPassword().get();
            assertThat(pw).matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}").doesNotContain("0", "1", "l", "o");
            assertThat(StoreConsistency.loadP12(c.p12File(), pw).size()).isEqualTo(1);
        }
    }

    @Test
    void aSecondActiveCertificateForOneUserNeedsADeviceName() throws Exception {
        try (CaStore ca = newCa(KeySpec.EC_P256)) {
            IssuedClient first = ca.issueClient(client("alice"));
            assertThatThrownBy(() -> ca.issueClient(client("alice")))
                    .isInstanceOf(CaException.class).hasMessageContaining("alice already has an active certificate")
                    .hasMessageContaining("--device");
            IssuedClient phone = ca.issueClient(client("alice").withDevice("phone"));
            assertThat(phone.p12File()).isEqualTo(dir().resolve("clients/alice/alice-phone.p12"));
            assertThat(phone.certificate().getSubjectX500Principal()).isEqualTo(first.certificate().getSubjectX500Principal());
            assertThatThrownBy(() -> ca.issueClient(client("alice").withDevice("phone")))
                    .isInstanceOf(CaException.class).hasMessageContaining("for device phone");
            ca.issueClient(client("alice").withDevice("laptop"));

            ca.revoke(new RevokeTarget.ByName("alice", Optional.empty()), RevocationReason.SUPERSEDED);
            assertThatThrownBy(() -> ca.issueClient(client("alice")))
                    .as("devices still active").isInstanceOf(CaException.class);
            ca.revoke(new RevokeTarget.ByName("alice", Optional.of("phone")), RevocationReason.KEY_COMPROMISE);
            ca.revoke(new RevokeTarget.ByName("alice", Optional.of("laptop")), RevocationReason.UNSPECIFIED);
            IssuedClient again = ca.issueClient(client("alice"));
            assertThat(again.entry().serial()).isNotEqualTo(first.entry().serial());
        }
        StoreConsistency.check(dir(), PASSPHRASE);
    }

    @Test
    void revokeWritesACrlWithReasonNextUpdateAndAGrowingNumber() throws Exception {
        try (CaStore ca = newCa(KeySpec.EC_P256)) {
            IssuedClient alice = ca.issueClient(client("alice"));
            IssuedClient bob = ca.issueClient(client("bob"));
            RevokeResult r = ca.revoke(new RevokeTarget.ByName("alice", Optional.empty()), RevocationReason.KEY_COMPROMISE);
            assertThat(r.revoked()).extracting(IndexEntry::serial).containsExactly(alice.entry().serial());
            assertThat(r.crl().number()).isEqualTo(BigInteger.TWO);
            assertThat(r.crl().nextUpdate()).isEqualTo(NOW.plus(30, ChronoUnit.DAYS));

            X509CRL crl = PkiFiles.readCrl(r.crl().derFile());
            crl.verify(ca.caCertificate().getPublicKey());
            assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(30, ChronoUnit.DAYS));
            assertThat(crl.isRevoked(alice.certificate())).isTrue();
            assertThat(crl.isRevoked(bob.certificate())).isFalse();
            X509CRLEntry entry = crl.getRevokedCertificate(alice.entry().serial());
            assertThat(ASN1Enumerated.getInstance(ASN1OctetString.getInstance(
                    entry.getExtensionValue(Extension.reasonCode.getId())).getOctets()).intValueExact()).isEqualTo(1);

            CrlInfo next = ca.generateCrl(7);
            assertThat(next.number()).isEqualTo(BigInteger.valueOf(3));
            assertThat(next.nextUpdate()).isEqualTo(NOW.plus(7, ChronoUnit.DAYS));
            RevokeResult second = ca.revoke(new RevokeTarget.BySerial(bob.entry().serial()), RevocationReason.UNSPECIFIED);
            assertThat(second.crl().number()).isEqualTo(BigInteger.valueOf(4));
            assertThat(second.crl().nextUpdate()).as("keeps the last --days").isEqualTo(NOW.plus(7, ChronoUnit.DAYS));
            X509CRLEntry bobEntry = PkiFiles.readCrl(second.crl().pemFile()).getRevokedCertificate(bob.entry().serial());
            assertThat(bobEntry.getExtensionValue(Extension.reasonCode.getId())).as("RFC 5280 5.3.1: no unspecified").isNull();
        }
        StoreConsistency.check(dir(), PASSPHRASE);
    }

    @Test
    void revokeRefusesUnknownTargetsWithoutChange() throws Exception {
        BigInteger caSerial;
        BigInteger bobSerial;
        try (CaStore ca = newCa(KeySpec.EC_P256)) {
            caSerial = ca.caCertificate().getSerialNumber();
            bobSerial = ca.issueClient(client("bob")).entry().serial();
            ca.revoke(new RevokeTarget.BySerial(bobSerial), RevocationReason.SUPERSEDED);
            ca.issueClient(client("carol").withDevice("phone"));
        }
        String before = CaTestSupport.hashTree(dir());
        try (CaStore ca = CaStore.open(dir(), PASSPHRASE, CaTestSupport.fixed(NOW, 9))) {
            assertThatThrownBy(() -> ca.revoke(new RevokeTarget.ByName("mallory", Optional.empty()), RevocationReason.UNSPECIFIED))
                    .isInstanceOf(CaException.class).hasMessage("no unrevoked certificate for CN mallory in this CA");
            assertThatThrownBy(() -> ca.revoke(new RevokeTarget.ByName("bob", Optional.empty()), RevocationReason.UNSPECIFIED))
                    .isInstanceOf(CaException.class).hasMessageContaining("no unrevoked certificate for CN bob");
            assertThatThrownBy(() -> ca.revoke(new RevokeTarget.ByName("carol", Optional.empty()), RevocationReason.UNSPECIFIED))
                    .isInstanceOf(CaException.class).hasMessageContaining("only for devices phone");
            assertThatThrownBy(() -> ca.revoke(new RevokeTarget.BySerial(bobSerial), RevocationReason.UNSPECIFIED))
                    .isInstanceOf(CaException.class).hasMessageContaining("already revoked");
            assertThatThrownBy(() -> ca.revoke(new RevokeTarget.BySerial(caSerial), RevocationReason.UNSPECIFIED))
                    .isInstanceOf(CaException.class).hasMessageContaining("CA certificate itself");
            assertThatThrownBy(() -> ca.revoke(new RevokeTarget.BySerial(BigInteger.TEN), RevocationReason.UNSPECIFIED))
                    .isInstanceOf(CaException.class).hasMessageContaining("no certificate with serial 0A");
        }
        assertThat(CaTestSupport.hashTree(dir())).isEqualTo(before);
    }

    @Test
    void clientValidityStopsAtTheCasExpiry() throws Exception {
        try (CaStore ca = CaTestSupport.quickInit(dir(), KeySpec.EC_P256, 10, CaTestSupport.fixed(NOW, 3))) {
            IssuedClient c = ca.issueClient(client("dave").withDays(365));
            assertThat(c.certificate().getNotAfter()).isEqualTo(ca.caCertificate().getNotAfter());
        }
    }

    @Test
    void exportWritesPemAndDerUnderCrtNames() throws Exception {
        try (CaStore ca = newCa(KeySpec.EC_P256)) {
            ExportedCa out = ca.exportCa(tmp.resolve("out"));
            assertThat(out.pemFile().getFileName().toString()).isEqualTo("ca.crt");
            assertThat(out.derFile().getFileName().toString()).endsWith(".crt");
            assertThat(Files.readString(out.pemFile())).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(Files.readAllBytes(out.derFile())).isEqualTo(ca.caCertificate().getEncoded());
            assertThat(PkiFiles.readCertificate(out.pemFile())).isEqualTo(ca.caCertificate());
        }
    }

    @Test
    void aSecondOpenWaitsForTheLockThenGivesUp() throws Exception {
        try (CaStore held = newCa(KeySpec.EC_P256)) {
            CaSettings impatient = new CaSettings(java.time.Clock.systemUTC(), CaTestSupport.seeded(1), java.time.Duration.ofMillis(300));
            long start = System.nanoTime();
            assertThatThrownBy(() -> CaStore.open(dir(), PASSPHRASE, impatient))
                    .isInstanceOf(CaException.class).hasMessageContaining("busy");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(300_000_000L);
            assertThat(held.list()).hasSize(1);
        }
        CaStore.open(dir(), PASSPHRASE).close();
    }

    @Test
    void corruptStoresAreReportedNotRepaired() throws Exception {
        newCa(KeySpec.EC_P256).close();
        CaLayout layout = new CaLayout(dir());
        byte[] index = Files.readAllBytes(layout.index());
        Files.write(layout.index(), java.util.Arrays.copyOf(index, index.length - 5));
        assertThatThrownBy(() -> CaStore.open(dir(), PASSPHRASE))
                .isInstanceOf(CaException.class).hasMessageStartingWith("corrupt CA store").hasMessageContaining("index.txt");
        Files.write(layout.index(), index);
        Files.writeString(layout.caCertificate(), "garbage\n");
        assertThatThrownBy(() -> CaStore.open(dir(), PASSPHRASE))
                .isInstanceOf(CaException.class).hasMessageStartingWith("corrupt CA store").hasMessageContaining("ca.crt");
        assertThatThrownBy(() -> CaStore.open(tmp.resolve("nothing-here"), PASSPHRASE))
                .isInstanceOf(CaException.class).hasMessageContaining("does not exist");
        Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> CaStore.open(tmp.resolve("empty"), PASSPHRASE))
                .isInstanceOf(CaException.class).hasMessageContaining("no index.txt");
    }

    @Test
    void serialsAre128BitsAndNeverRepeat() throws Exception {
        try (CaStore ca = newCa(KeySpec.EC_P256)) {
            for (int i = 0; i < 10; i++) {
                ca.issueClient(client("u" + i));
            }
            assertThat(ca.list()).extracting(IndexEntry::serial).doesNotHaveDuplicates()
                    .allMatch(s -> s.bitLength() == 128);
        }
    }

    @Test
    void randomTextAvoidsLookAlikes() {
        String s = CaStore.randomText(CaTestSupport.seeded(5), 400, false);
        assertThat(s).hasSize(400).matches("[a-km-np-z2-9]+");
    }
}
