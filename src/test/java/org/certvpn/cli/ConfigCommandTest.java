package org.certvpn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.config.TestPki;
import org.certvpn.config.classic.ClassicFixtures;
import org.certvpn.config.classic.ClassicSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code certvpn config check|convert} on the seed's files. */
class ConfigCommandTest {
    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void makePki() throws Exception {
        TestPki.create(pki);
    }

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void checkPrintsTheEffectiveModelWithSecretsMasked() throws Exception {
        Path etc = ClassicFixtures.seed(dir.resolve("etc"), pki);
        Run r = run("config", "check", "--etc", etc.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("[[connection]]", "name = \"Android-L2TP-IPsec\"", "key-passphrase = \"********\"",
                "password = \"********\"", "pool = [\"192.0.2.128-192.0.2.254\"]").doesNotContain("hogefuga", "PASSWORD\"");
        assertThat(r.err()).contains(etc.resolve("ipsec.conf") + ":2: ignored: interfaces: no effect");
    }

    @Test
    void checkReportsErrorsWithFileAndLineAndFails() throws Exception {
        Path etc = ClassicFixtures.seed(dir.resolve("etc"), pki);
        Files.writeString(etc.resolve("ipsec.secrets"), ": RSA Android_IPsec_Server.key \"wrong\"\n");
        Run r = run("config", "check", "--etc", etc.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains(etc.resolve("ipsec.secrets") + ":1: error: RSA key").contains("wrong passphrase")
                .contains("config check: configuration has 1 error").doesNotContain("\"wrong\"");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void convertWritesANativeFileThatLoadsIntoTheSameModel() throws Exception {
        Path etc = ClassicFixtures.seed(dir.resolve("etc"), pki);
        Path out = dir.resolve("certvpn.toml");
        Run r = run("config", "convert", "--etc", etc.toString(), "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        var classic = ConfigLoader.load(new ConfigSources.Classic(ClassicSources.etc(etc)));
        var converted = ConfigLoader.load(new ConfigSources.Native(out));
        assertThat(((ConfigResult.Loaded) converted).config()).isEqualTo(((ConfigResult.Loaded) classic).config());
        assertThat(run("config", "convert", "--etc", etc.toString(), "--out", out.toString()).err()).contains("exists");
        assertThat(run("config", "check", "--config", out.toString()).status()).isZero();
    }

    @Test
    void sourceFlagsAreChecked() {
        assertThat(run("config", "check").err()).contains("name a configuration");
        assertThat(run("config", "check", "--config", "a.toml", "--etc", "/tmp").err()).contains("cannot be combined");
        assertThat(run("config", "check", "--ipsec-conf", "x").err()).contains("--xl2tpd-conf");
    }
}
