package org.certvpn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2's acceptance checks: real {@code openssl} reads what {@code certvpn ca} writes, with the
 * default key type (RSA-2048) and the default key protection.
 */
class CaOpensslTest {
    @TempDir
    static Path tmp;
    private static Path ca;
    private static Path caCrt;
    private static Path p12Password;

    @BeforeAll
    static void issueEverything() throws Exception {
        ca = tmp.resolve("ca");
        Path pass = Files.writeString(tmp.resolve("pass"), "acceptance passphrase\n");
        p12Password = Files.writeString(tmp.resolve("p12pass"), "p12 secret\n");
        String pf = pass.toString();
        cli("ca", "init", "--dir", ca.toString(), "--subject", "C=JP, ST=Tokyo, O=Example Inc., CN=Example Root CA", "--passphrase-file", pf);
        cli("ca", "server", "--dir", ca.toString(), "--fqdn", "vpn.example.com", "--ip", "203.0.113.7", "--passphrase-file", pf);
        cli("ca", "client", "--dir", ca.toString(), "--cn", "alice", "--p12-password-file", p12Password.toString(), "--passphrase-file", pf);
        cli("ca", "client", "--dir", ca.toString(), "--cn", "bob", "--p12-password-file", p12Password.toString(),
                "--p12-profile", "modern", "--passphrase-file", pf);
        cli("ca", "client", "--dir", ca.toString(), "--cn", "carol", "--passphrase-file", pf);
        cli("ca", "revoke", "--dir", ca.toString(), "--cn", "carol", "--reason", "keyCompromise", "--passphrase-file", pf);
        cli("ca", "export-ca", "--dir", ca.toString(), "--out", tmp.resolve("export").toString());
        caCrt = tmp.resolve("export/ca.crt");
    }

    private static void cli(String... args) {
        CliRun r = CliRun.run(args);
        assertThat(r.exit()).as("%s: %s", String.join(" ", args), r.err()).isZero();
    }

    @Test
    void opensslVerifiesServerAndClientCertificatesAgainstTheExportedCa() throws Exception {
        for (String cert : List.of("ca/server/server.crt", "ca/clients/alice/alice.crt", "ca/clients/bob/bob.crt")) {
            assertThat(openssl("verify", "-CAfile", caCrt.toString(), cert)).contains(cert + ": OK");
        }
        assertThat(openssl("verify", "-purpose", "sslserver", "-CAfile", caCrt.toString(), "ca/server/server.crt")).contains("OK");
        assertThat(openssl("verify", "-purpose", "sslclient", "-CAfile", caCrt.toString(), "ca/clients/alice/alice.crt")).contains("OK");
        // the DER twin is the same certificate
        assertThat(openssl("x509", "-inform", "DER", "-in", "export/ca-der.crt", "-noout", "-fingerprint", "-sha256"))
                .isEqualTo(openssl("x509", "-in", "export/ca.crt", "-noout", "-fingerprint", "-sha256"));
    }

    @Test
    void opensslShowsCaTrueCriticalSansAndEkus() throws Exception {
        String root = openssl("x509", "-in", caCrt.toString(), "-noout", "-text");
        assertThat(root).containsPattern("X509v3 Basic Constraints: critical\\s+CA:TRUE")
                .containsPattern("X509v3 Key Usage: critical\\s+Certificate Sign, CRL Sign")
                .contains("X509v3 Subject Key Identifier");
        String server = openssl("x509", "-in", "ca/server/server.crt", "-noout", "-text");
        assertThat(server).containsPattern("Subject: C ?= ?JP, ST ?= ?Tokyo, O ?= ?Example Inc., CN ?= ?vpn.example.com")
                .containsPattern("X509v3 Subject Alternative Name: \\s+DNS:vpn.example.com, IP Address:203.0.113.7, DNS:203.0.113.7")
                .containsPattern("X509v3 Extended Key Usage: \\s+TLS Web Server Authentication, 1.3.6.1.5.5.8.2.2")
                .containsPattern("X509v3 Key Usage: critical\\s+Digital Signature, Key Encipherment")
                .contains("Public-Key: (2048 bit)");
        assertThat(openssl("x509", "-in", "ca/server/server.crt", "-noout", "-issuer"))
                .as("issued directly by the root").contains("CN = Example Root CA");
        String client = openssl("x509", "-in", "ca/clients/alice/alice.crt", "-noout", "-text");
        assertThat(client).containsPattern("Subject: C ?= ?JP, ST ?= ?Tokyo, O ?= ?Example Inc., CN ?= ?alice")
                .containsPattern("X509v3 Extended Key Usage: \\s+TLS Web Client Authentication");
    }

    @Test
    void compatibleP12OpensInOpensslLegacyAndTheJdk() throws Exception {
        String info = openssl("pkcs12", "-legacy", "-info", "-noout", "-in", "ca/clients/alice/alice.p12", "-passin", "file:" + p12Password);
        assertThat(info).contains("MAC: sha1").contains("pbeWithSHA1And3-KeyTripleDES-CBC").doesNotContain("PBES2");
        String certs = openssl("pkcs12", "-legacy", "-nokeys", "-in", "ca/clients/alice/alice.p12", "-passin", "file:" + p12Password);
        assertThat(certs).containsPattern("friendlyName: [0-9A-F]{32} alice").contains("CN = Example Root CA");

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(tmp.resolve("ca/clients/alice/alice.p12"))) {
            ks.load(in, "p12 secret".toCharArray());
        }
        String alias = Collections.list(ks.aliases()).getFirst();
        assertThat(ks.isKeyEntry(alias)).isTrue();
        assertThat(ks.getKey(alias, "p12 secret".toCharArray()).getAlgorithm()).isEqualTo("RSA");
        Certificate[] chain = ks.getCertificateChain(alias);
        assertThat(chain).hasSize(2);
    }

    @Test
    void modernP12OpensInOpensslWithoutLegacy() throws Exception {
        String info = openssl("pkcs12", "-info", "-noout", "-in", "ca/clients/bob/bob.p12", "-passin", "file:" + p12Password);
        assertThat(info).contains("MAC: sha256").contains("PBES2, PBKDF2, AES-256-CBC").contains("hmacWithSHA256");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(tmp.resolve("ca/clients/bob/bob.p12"))) {
            ks.load(in, "p12 secret".toCharArray());
        }
        assertThat(ks.size()).isEqualTo(1);
    }

    @Test
    void afterARevokeCrlCheckFailsForThatCertificateOnly() throws Exception {
        Run revoked = run("verify", "-crl_check", "-CAfile", caCrt.toString(), "-CRLfile", "ca/crl.pem", "ca/clients/carol/carol.crt");
        assertThat(revoked.exit()).isNotZero();
        assertThat(revoked.out()).contains("certificate revoked");
        for (String cert : List.of("ca/server/server.crt", "ca/clients/alice/alice.crt", "ca/clients/bob/bob.crt")) {
            assertThat(openssl("verify", "-crl_check", "-CAfile", caCrt.toString(), "-CRLfile", "ca/crl.pem", cert)).contains(cert + ": OK");
        }
        String crl = openssl("crl", "-inform", "DER", "-in", "ca/crl.der", "-noout", "-text");
        assertThat(crl).containsPattern("X509v3 CRL Number: \\s+2").contains("Next Update:").contains("Key Compromise");
    }

    @Test
    void opensslReadsTheEncryptedKeys() throws Exception {
        assertThat(Files.readString(ca.resolve("private/ca.key"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(run("pkey", "-in", "ca/private/ca.key", "-passin", "pass:wrong passphrase", "-noout").exit()).isNotZero();
        openssl("pkey", "-in", "ca/private/ca.key", "-passin", "pass:acceptance passphrase", "-noout");
        openssl("pkey", "-in", "ca/server/server.key", "-passin", "file:ca/server/server.pass", "-noout");
        String keyModulus = openssl("rsa", "-in", "ca/server/server.key", "-passin", "file:ca/server/server.pass", "-noout", "-modulus");
        String certModulus = openssl("x509", "-in", "ca/server/server.crt", "-noout", "-modulus");
        assertThat(keyModulus).isEqualTo(certModulus);
    }

    private record Run(int exit, String out) {}

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    private static String openssl(String... args) throws IOException, InterruptedException {
        Run r = run(args);
        assertThat(r.exit()).as("openssl %s\n%s", String.join(" ", args), r.out()).isZero();
        return r.out();
    }
}
