package org.certvpn.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads what openssl writes, in every form found in /etc/ipsec.d. */
class PkiFilesTest {
    @TempDir
    static Path dir;

    static void openssl(String... args) throws IOException, InterruptedException {
        var cmd = new java.util.ArrayList<String>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    @BeforeAll
    static void makeFiles() throws Exception {
        openssl("genrsa", "-traditional", "-aes256", "-passout", "pass:hogefuga", "-out", "trad-enc.key", "2048");
        openssl("rsa", "-in", "trad-enc.key", "-passin", "pass:hogefuga", "-traditional", "-out", "trad.key");
        openssl("pkcs8", "-topk8", "-in", "trad.key", "-nocrypt", "-out", "pkcs8.pem");
        openssl("pkcs8", "-topk8", "-in", "trad.key", "-v2", "aes-256-cbc", "-passout", "pass:s3cret", "-out", "pkcs8-enc.pem");
        openssl("pkcs8", "-topk8", "-in", "trad.key", "-nocrypt", "-outform", "DER", "-out", "pkcs8.der");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key");
        openssl("req", "-x509", "-key", "trad.key", "-subj", "/C=JP/O=Example/CN=gw.example.com", "-days", "2",
                "-out", "cert.pem");
        openssl("x509", "-in", "cert.pem", "-outform", "DER", "-out", "cert.der");
        Files.writeString(dir.resolve("chain.pem"),
                Files.readString(dir.resolve("cert.pem")) + Files.readString(dir.resolve("cert.pem")));
        Files.writeString(dir.resolve("garbage.txt"), "hello\n");
    }

    @Test
    void readsEveryKeyForm() throws Exception {
        PrivateKey plain = PkiFiles.readPrivateKey(dir.resolve("trad.key"), null);
        assertThat(plain.getAlgorithm()).isEqualTo("RSA");
        assertThat(PkiFiles.readPrivateKey(dir.resolve("trad-enc.key"), "hogefuga".toCharArray()).getEncoded())
                .isEqualTo(plain.getEncoded());
        assertThat(PkiFiles.readPrivateKey(dir.resolve("pkcs8.pem"), null).getEncoded()).isEqualTo(plain.getEncoded());
        assertThat(PkiFiles.readPrivateKey(dir.resolve("pkcs8-enc.pem"), "s3cret".toCharArray()).getEncoded())
                .isEqualTo(plain.getEncoded());
        assertThat(PkiFiles.readPrivateKey(dir.resolve("pkcs8.der"), null).getEncoded()).isEqualTo(plain.getEncoded());
        assertThat(PkiFiles.readPrivateKey(dir.resolve("ec.key"), null).getAlgorithm()).isIn("EC", "ECDSA");
    }

    @Test
    void keyErrorsNameFileAndReason() {
        assertThatThrownBy(() -> PkiFiles.readPrivateKey(dir.resolve("trad-enc.key"), "wrong".toCharArray()))
                .isInstanceOf(PkiFileException.class).hasMessageContaining("trad-enc.key").hasMessageContaining("passphrase");
        assertThatThrownBy(() -> PkiFiles.readPrivateKey(dir.resolve("pkcs8-enc.pem"), "wrong".toCharArray()))
                .isInstanceOf(PkiFileException.class).hasMessageContaining("wrong passphrase");
        assertThatThrownBy(() -> PkiFiles.readPrivateKey(dir.resolve("trad-enc.key"), null))
                .isInstanceOf(PkiFileException.class).hasMessageContaining("no passphrase");
        assertThatThrownBy(() -> PkiFiles.readPrivateKey(dir.resolve("missing.key"), null))
                .isInstanceOf(PkiFileException.class).hasMessageContaining("no such file");
        assertThatThrownBy(() -> PkiFiles.readPrivateKey(dir.resolve("cert.pem"), null))
                .isInstanceOf(PkiFileException.class).hasMessageContaining("no private key").hasMessageContaining("CERTIFICATE");
    }

    /** An encrypted PKCS#8 key (PBES2) whose key derivation asks for {@code kdf}; the ciphertext is never reached. */
    private static Path keyAsking(String name, org.bouncycastle.asn1.pkcs.KeyDerivationFunc kdf) throws IOException {
        var scheme = new org.bouncycastle.asn1.pkcs.EncryptionScheme(
                org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_aes256_CBC, new org.bouncycastle.asn1.DEROctetString(new byte[16]));
        var alg = new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_PBES2,
                new org.bouncycastle.asn1.pkcs.PBES2Parameters(kdf, scheme));
        byte[] der = new org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo(alg, new byte[160]).getEncoded();
        Path file = dir.resolve(name);
        Files.writeString(file, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
        return file;
    }

    /**
     * Found by fuzzing: a key file asking for 65,548,300 PBKDF2 rounds kept the reader busy for over 30 s (a start
     * or reload would stall). Such a key is refused before any derivation, with a message that says what to do.
     */
    @Test
    void aKeyAskingForAbsurdKeyDerivationIsRefusedBeforeDeriving() throws Exception {
        var sha256 = new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_hmacWithSHA256, org.bouncycastle.asn1.DERNull.INSTANCE);
        Path pbkdf2 = keyAsking("rounds.pem", new org.bouncycastle.asn1.pkcs.KeyDerivationFunc(
                org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_PBKDF2,
                new org.bouncycastle.asn1.pkcs.PBKDF2Params(new byte[8], 65_548_300, sha256)));
        assertThatThrownBy(() -> PkiFiles.readPrivateKey(pbkdf2, "s3cret".toCharArray()))
                .isInstanceOf(PkiFileException.class).hasMessageContaining("rounds.pem")
                .hasMessageContaining("65548300 key-derivation rounds").hasMessageContaining("re-encrypt the key");

        // The fuzzer's own key: its PRF is no SEQUENCE, which Bouncy Castle refuses to parse and the JDK accepts.
        Path fuzzed = dir.resolve("fuzzed.pem");
        Files.writeString(fuzzed, """
                -----BEGIN ENCRYPTED PRIVATE KEY-----
                MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAjeb/F9pU8HSQIEA+gw
                DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEHtJCmcAhAJkPSPJT4t8ujcEgZDQ
                WHv16BzqSIlU9mhmbRjat+5xVKWMVkKsyACg2OV3AP3N3J1PpVOzOUVpKSJC40c/
                LO7oIWcxr52o4dyTu9N8oNPNIQaS/rLGBnyW0bIGMWuJANln6+xtgbPn/Gid8rcm
                JnfKmlIaIbI0ZdW5ETREo5jIpzj3ezlVjZaNw9Wp+yNxFTWc5yYxLX3ahMZMN7w=
                -----END ENCRYPTED PRIVATE KEY-----
                """);
        assertThatThrownBy(() -> PkiFiles.readPrivateKey(fuzzed, "passphrase".toCharArray()))
                .isInstanceOf(PkiFileException.class).hasMessageContaining("65548300 key-derivation rounds");

        // scrypt with N = 2^20, r = 8: 1 GiB of memory.
        Path scrypt = keyAsking("scrypt.pem", new org.bouncycastle.asn1.pkcs.KeyDerivationFunc(
                org.bouncycastle.asn1.misc.MiscObjectIdentifiers.id_scrypt,
                new org.bouncycastle.asn1.misc.ScryptParams(new byte[8], 1 << 20, 8, 1, 32)));
        assertThatThrownBy(() -> PkiFiles.readPrivateKey(scrypt, "s3cret".toCharArray()))
                .isInstanceOf(PkiFileException.class).hasMessageContaining("scrypt for 1073741824 bytes");

        // What tools write stays readable: openssl's PBKDF2 key above, and 100,000 rounds like our CA's.
        assertThat(PkiFiles.readPrivateKey(dir.resolve("pkcs8-enc.pem"), "s3cret".toCharArray())).isNotNull();
        Path ours = keyAsking("ours.pem", new org.bouncycastle.asn1.pkcs.KeyDerivationFunc(
                org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_PBKDF2,
                new org.bouncycastle.asn1.pkcs.PBKDF2Params(new byte[8], 100_000, sha256)));
        assertThatThrownBy(() -> PkiFiles.readPrivateKey(ours, "s3cret".toCharArray()))
                .as("derived, then the junk ciphertext fails as a wrong passphrase would")
                .isInstanceOf(PkiFileException.class).hasMessageContaining("wrong passphrase");
    }

    @Test
    void readsCertificatesInPemAndDer() throws Exception {
        X509Certificate pem = PkiFiles.readCertificate(dir.resolve("cert.pem"));
        X509Certificate der = PkiFiles.readCertificate(dir.resolve("cert.der"));
        assertThat(der).isEqualTo(pem);
        assertThat(PkiFiles.readCertificates(dir.resolve("chain.pem"))).hasSize(2);
        assertThatThrownBy(() -> PkiFiles.readCertificate(dir.resolve("chain.pem")))
                .hasMessageContaining("expected one certificate");
        assertThatThrownBy(() -> PkiFiles.readCertificate(dir.resolve("garbage.txt")))
                .isInstanceOf(PkiFileException.class).hasMessageContaining("garbage.txt");
        assertThatThrownBy(() -> PkiFiles.readCertificate(dir.resolve("trad.key")))
                .isInstanceOf(PkiFileException.class).hasMessageContaining("RSA PRIVATE KEY");
    }
}
