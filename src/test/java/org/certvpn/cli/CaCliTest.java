package org.certvpn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.certvpn.pki.ca.CaFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code certvpn ca ...} in process: the walkthrough, and every bad input issue 2 lists ending with a
 * non-zero exit, one line on stderr, and the store byte-for-byte unchanged.
 */
class CaCliTest {
    @TempDir
    static Path tmp;
    private static Path store;
    private static Path pass;
    private static Path wrongPass;

    @BeforeAll
    static void setUp() throws Exception {
        store = tmp.resolve("store");
        CaFixtures.quickStore(store, true);
        pass = Files.writeString(tmp.resolve("pass"), CaFixtures.PASSPHRASE + "\n");
        wrongPass = Files.writeString(tmp.resolve("wrong"), "not the passphrase\n");
        Path corrupt = tmp.resolve("corrupt-index");
        CaFixtures.quickStore(corrupt, false);
        Files.writeString(corrupt.resolve("index.txt"), "certvpn-ca-index 1\ncrl-number\tx\n");
        Path noKey = tmp.resolve("corrupt-key");
        CaFixtures.quickStore(noKey, false);
        Files.writeString(noKey.resolve("private/ca.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(tmp.resolve("a-file"), "not a directory\n");
    }

    static Stream<Arguments> badInput() {
        String s = "STORE";
        return Stream.of(
                Arguments.of("wrong passphrase", "wrong CA passphrase",
                        List.of("ca", "client", "--dir", s, "--cn", "bob", "--passphrase-file", "WRONG")),
                Arguments.of("wrong passphrase on revoke", "wrong CA passphrase",
                        List.of("ca", "revoke", "--dir", s, "--cn", "alice", "--passphrase-file", "WRONG")),
                Arguments.of("missing CA dir", "does not exist",
                        List.of("ca", "client", "--dir", "TMP/missing", "--cn", "bob", "--passphrase-file", "PASS")),
                Arguments.of("missing CA dir on list", "does not exist", List.of("ca", "list", "--dir", "TMP/missing")),
                Arguments.of("not a CA dir", "no index.txt", List.of("ca", "list", "--dir", "TMP/empty")),
                Arguments.of("corrupt index", "corrupt CA store", List.of("ca", "list", "--dir", "TMP/corrupt-index")),
                Arguments.of("corrupt key", "corrupt CA store",
                        List.of("ca", "crl", "--dir", "TMP/corrupt-key", "--passphrase-file", "PASS")),
                Arguments.of("invalid DN", "invalid distinguished name",
                        List.of("ca", "init", "--dir", "TMP/new-ca", "--subject", "C=JP, garbage", "--passphrase-file", "PASS")),
                Arguments.of("DN without CN", "needs a CN",
                        List.of("ca", "init", "--dir", "TMP/new-ca", "--subject", "C=JP, O=Example", "--passphrase-file", "PASS")),
                Arguments.of("existing CA on init", "already exists",
                        List.of("ca", "init", "--dir", s, "--subject", CaFixtures.SUBJECT, "--passphrase-file", "PASS")),
                Arguments.of("init under a file", "not a directory",
                        List.of("ca", "init", "--dir", "TMP/a-file/ca", "--subject", CaFixtures.SUBJECT, "--passphrase-file", "PASS")),
                Arguments.of("invalid FQDN", "invalid FQDN",
                        List.of("ca", "server", "--dir", s, "--fqdn", "vpn..example.com", "--passphrase-file", "PASS")),
                Arguments.of("IP as FQDN", "invalid FQDN",
                        List.of("ca", "server", "--dir", s, "--fqdn", "203.0.113.7", "--passphrase-file", "PASS")),
                Arguments.of("EC server key", "needs an RSA key",
                        List.of("ca", "server", "--dir", s, "--fqdn", "vpn.example.com", "--key", "ec:p256", "--passphrase-file", "PASS")),
                Arguments.of("invalid IP", "invalid IP address",
                        List.of("ca", "server", "--dir", s, "--fqdn", "vpn.example.com", "--ip", "203.0.113", "--passphrase-file", "PASS")),
                Arguments.of("unknown CN to revoke", "no unrevoked certificate for CN nobody",
                        List.of("ca", "revoke", "--dir", s, "--cn", "nobody", "--passphrase-file", "PASS")),
                Arguments.of("unknown serial to revoke", "no certificate with serial",
                        List.of("ca", "revoke", "--dir", s, "--serial", "0x1234", "--passphrase-file", "PASS")),
                Arguments.of("unknown reason", "unknown reason",
                        List.of("ca", "revoke", "--dir", s, "--cn", "alice", "--reason", "bored", "--passphrase-file", "PASS")),
                Arguments.of("revoke without target", "either --cn",
                        List.of("ca", "revoke", "--dir", s, "--passphrase-file", "PASS")),
                Arguments.of("second active certificate", "--device",
                        List.of("ca", "client", "--dir", s, "--cn", "alice", "--passphrase-file", "PASS")),
                Arguments.of("invalid user name", "invalid user name",
                        List.of("ca", "client", "--dir", s, "--cn", "../etc", "--passphrase-file", "PASS")),
                Arguments.of("unknown profile", "unknown .p12 profile",
                        List.of("ca", "client", "--dir", s, "--cn", "bob", "--p12-profile", "weak", "--passphrase-file", "PASS")),
                Arguments.of("missing passphrase file", "no such file",
                        List.of("ca", "crl", "--dir", s, "--passphrase-file", "TMP/nope")),
                Arguments.of("unwritable export target", "not a directory",
                        List.of("ca", "export-ca", "--dir", s, "--out", "TMP/a-file/out")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputFailsWithOneLineAndLeavesTheStoreAlone(String what, String message, List<String> args) throws Exception {
        String before = CaFixtures.hashTree(tmp);
        List<String> resolved = new ArrayList<>();
        for (String a : args) {
            resolved.add(a.replace("STORE", store.toString()).replace("TMP", tmp.toString())
                    .replace("WRONG", wrongPass.toString()).replace("PASS", pass.toString()));
        }
        CliRun r = CliRun.run(resolved.toArray(String[]::new));
        assertThat(r.exit()).as(what).isNotZero();
        assertThat(r.oneErrorLine()).as("one line on stderr: %s", r.err()).isTrue();
        assertThat(r.err()).as(what).contains(message).startsWith("certvpn ca ");
        assertThat(r.out()).isEmpty();
        assertThat(CaFixtures.hashTree(tmp)).as("nothing under the test directory changed").isEqualTo(before);
    }

    @Test
    void walkthroughFromTheReadme() throws Exception {
        Path dir = tmp.resolve("walkthrough");
        Path out = tmp.resolve("walkthrough-export");
        CliRun init = CliRun.run("ca", "init", "--dir", dir.toString(), "--subject", "C=JP, ST=Tokyo, O=Example, CN=Example Root CA",
                "--key", "ec:p256", "--passphrase-file", pass.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains("Created CA \"C=JP, ST=Tokyo, O=Example, CN=Example Root CA\"");

        CliRun server = CliRun.run("ca", "server", "--dir", dir.toString(), "--fqdn", "vpn.example.com", "--ip", "203.0.113.7",
                "--passphrase-file", pass.toString());
        assertThat(server.exit()).as(server.err()).isZero();
        assertThat(server.out()).contains("SAN          DNS:vpn.example.com, IP:203.0.113.7, DNS:203.0.113.7");

        CliRun alice = CliRun.run("ca", "client", "--dir", dir.toString(), "--cn", "alice", "--key", "ec:p256",
                "--passphrase-file", pass.toString());
        assertThat(alice.exit()).as(alice.err()).isZero();
        assertThat(alice.out()).containsPattern("p12 password [a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4} ")
                .contains("clients/alice/alice.p12")
                .contains("Android", "iOS", "Windows", "L2TP/IPSec RSA", "Server address vpn.example.com",
                        "Trusted Root Certification Authorities");
        CliRun phone = CliRun.run("ca", "client", "--dir", dir.toString(), "--cn", "alice", "--device", "phone",
                "--key", "ec:p256", "--p12-profile", "modern", "--passphrase-file", pass.toString());
        assertThat(phone.exit()).as(phone.err()).isZero();
        assertThat(phone.out()).contains("alice-phone.p12").contains("modern profile");

        CliRun revoke = CliRun.run("ca", "revoke", "--dir", dir.toString(), "--cn", "alice", "--device", "phone",
                "--reason", "keyCompromise", "--passphrase-file", pass.toString());
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(revoke.out()).contains("reason keyCompromise").contains("CRL 2 written");

        CliRun crl = CliRun.run("ca", "crl", "--dir", dir.toString(), "--days", "7", "--passphrase-file", pass.toString());
        assertThat(crl.out()).contains("CRL 3 written").contains("1 revoked");

        CliRun list = CliRun.run("ca", "list", "--dir", dir.toString());
        assertThat(list.exit()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines.getFirst()).containsSubsequence("SERIAL", "CN", "DEVICE", "KIND", "NOT AFTER", "STATUS");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).contains("Example Root CA", " ca ", "valid");
        assertThat(lines.get(2)).contains("vpn.example.com", "server", "valid");
        assertThat(lines.get(3)).contains("alice", " - ", "client", "valid");
        assertThat(lines.get(4)).contains("alice", "phone", "client", "revoked");

        CliRun export = CliRun.run("ca", "export-ca", "--dir", dir.toString(), "--out", out.toString());
        assertThat(export.exit()).isZero();
        assertThat(out.resolve("ca.crt")).exists();
        assertThat(out.resolve("ca-der.crt")).exists();
    }
}
