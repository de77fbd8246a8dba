package org.certvpn.onboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleBuilderTest {
    @TempDir
    static Path tmp;
    private static BundleRequest request;
    private static ClientBundle bundle;

    @BeforeAll
    static void setUp() throws Exception {
        request = OnboardFixtures.alice(OnboardFixtures.store(tmp.resolve("ca")), Optional.empty(), false);
        bundle = BundleBuilder.build(request);
    }

    @Test
    void namesFilesBySerialAndCn() {
        String serial8 = Fingerprints.serialHex(request.clientCertificate()).substring(0, 8);
        String caSerial8 = Fingerprints.serialHex(request.caCertificate()).substring(0, 8);
        assertThat(bundle.name()).isEqualTo("alice-" + serial8);
        assertThat(bundle.zipName()).isEqualTo("alice-" + serial8 + ".zip");
        assertThat(bundle.files()).extracting(BundleFile::name).containsExactly(
                "README.txt", serial8 + "-alice.p12", caSerial8 + "-Example-Root-CA.crt", serial8 + "-alice.mobileconfig",
                "setup-windows.ps1", "SETUP-Android.txt", "SETUP-iOS-macOS.txt", "SETUP-Windows.txt", "SETUP-Linux.txt");
        assertThat(bundle.file(BundleFile.Role.P12).orElseThrow().name()).endsWith(".p12");
        assertThat(bundle.file(BundleFile.Role.CA_CERTIFICATE).orElseThrow().name()).endsWith(".crt");
    }

    @Test
    void p12IsTheStoresFileAndOpensWithItsPassword() throws Exception {
        byte[] p12 = bundle.file(BundleFile.Role.P12).orElseThrow().content();
        assertThat(p12).isEqualTo(request.p12());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new ByteArrayInputStream(p12), OnboardFixtures.P12_PASSWORD.toCharArray());
        String alias = java.util.Collections.list(ks.aliases()).stream().filter(a -> {
            try {
                return ks.isKeyEntry(a);
            } catch (java.security.KeyStoreException e) {
                return false;
            }
        }).findFirst().orElseThrow();
        assertThat(ks.getCertificate(alias)).isEqualTo(request.clientCertificate());
    }

    @Test
    void caFileIsThePemRootWithTheFingerprintShown() throws Exception {
        byte[] pem = bundle.file(BundleFile.Role.CA_CERTIFICATE).orElseThrow().content();
        assertThat(new String(pem, StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----\n");
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem));
        assertThat(ca).isEqualTo(request.caCertificate());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0); // CA:TRUE, or phones import it as a user certificate
        String fp = bundle.caFingerprint();
        assertThat(fp).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        for (String text : List.of("README.txt", "SETUP-Android.txt", "SETUP-iOS-macOS.txt", "SETUP-Windows.txt", "SETUP-Linux.txt")) {
            assertThat(text(text)).as(text).contains(fp);
        }
    }

    @Test
    void setupTextsCarryTheExactFieldValues() {
        String p12 = bundle.file(BundleFile.Role.P12).orElseThrow().name();
        String android = text("SETUP-Android.txt");
        assertThat(android)
                .contains("Type                      L2TP/IPSec RSA")
                .contains("Server address            vpn.example.com")
                .contains("IPSec user certificate    " + request.friendlyName())
                .contains("IPSec CA certificate      " + request.friendlyName())
                .contains("IPSec server certificate  (received from server)")
                .contains("Username                  alice")
                .contains("Pick " + p12)
                .contains("Android 12 and later");
        assertThat(text("SETUP-iOS-macOS.txt")).contains(bundle.file(BundleFile.Role.APPLE_PROFILE).orElseThrow().name())
                .contains("server vpn.example.com, account alice");
        assertThat(text("SETUP-Windows.txt")).contains("AssumeUDPEncapsulationContextOnSendRule")
                .contains("error 809").contains("L2TP/IPsec with certificate").contains("\r\n");
        assertThat(text("SETUP-Linux.txt")).contains("gateway=vpn.example.com, user=alice")
                .contains("machine-auth-type=tls").contains("machine-cert=$PWD/" + p12);
    }

    @Test
    void noFileHoldsTheP12Password() {
        for (BundleFile f : bundle.files()) {
            if (f.role() != BundleFile.Role.P12) {
                assertThat(new String(f.content(), StandardCharsets.UTF_8)).as(f.name()).doesNotContain(OnboardFixtures.P12_PASSWORD);
            }
        }
    }

    @Test
    void zipHoldsEveryFileInOneFolderAndIsReproducible() throws Exception {
        byte[] zip = bundle.zip();
        assertThat(BundleBuilder.build(request).zip()).isEqualTo(zip);
        Map<String, byte[]> entries = unzip(zip);
        assertThat(entries).containsKey(bundle.name() + "/");
        for (BundleFile f : bundle.files()) {
            assertThat(entries.get(bundle.name() + "/" + f.name())).as(f.name()).isEqualTo(f.content());
        }
        assertThat(entries).hasSize(bundle.files().size() + 1);
    }

    @Test
    void writesFolderAndZipForTheOwnerOnly() throws Exception {
        Path out = tmp.resolve("out");
        ClientBundle.Written w = bundle.writeTo(out);
        assertThat(w.folder()).isEqualTo(out.resolve(bundle.name()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(w.folder()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(w.zip()))).isEqualTo("rw-------");
        for (BundleFile f : bundle.files()) {
            Path p = w.folder().resolve(f.name());
            assertThat(Files.readAllBytes(p)).isEqualTo(f.content());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
        }
        assertThat(Files.readAllBytes(w.zip())).isEqualTo(bundle.zip());
        bundle.writeTo(out); // again: the same certificate's files are replaced
        try (var s = Files.list(w.folder())) {
            assertThat(s.count()).isEqualTo(bundle.files().size());
        }
    }

    @Test
    void refusesAFileWhereTheFolderGoes() throws Exception {
        Path out = tmp.resolve("blocked");
        Files.createDirectories(out);
        Files.writeString(out.resolve(bundle.name()), "in the way");
        assertThatThrownBy(() -> bundle.writeTo(out)).hasMessageContaining("not a directory");
    }

    @Test
    void deviceNameGoesIntoFileNamesAndProfileIdentifier() throws Exception {
        BundleRequest phone = new BundleRequest("alice", Optional.of("phone"), request.clientCertificate(), request.p12(),
                request.friendlyName(), request.caCertificate(), "203.0.113.7", Optional.empty(), false);
        ClientBundle b = BundleBuilder.build(phone);
        assertThat(b.name()).startsWith("alice-phone-");
        assertThat(b.file(BundleFile.Role.P12).orElseThrow().name()).endsWith("-alice-phone.p12");
        assertThat(AppleProfile.identifierBase(phone)).isEqualTo("org.certvpn.l2tp.203.0.113.7.alice-phone");
    }

    @Test
    void fileSafeNames() {
        assertThat(BundleBuilder.fileSafe("Example Root CA")).isEqualTo("Example-Root-CA");
        assertThat(BundleBuilder.fileSafe("Ünïcode/../CA")).isEqualTo("n-code-..-CA");
        assertThat(BundleBuilder.fileSafe("...")).isEqualTo("CA");
    }

    private static String text(String name) {
        return new String(bundle.file(name).orElseThrow().content(), StandardCharsets.UTF_8);
    }

    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
