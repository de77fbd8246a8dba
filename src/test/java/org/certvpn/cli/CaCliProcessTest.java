package org.certvpn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certvpn.pki.ca.CaFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a separate process shows: the passphrase from {@code CERTVPN_CA_PASSPHRASE}, the refusal
 * when there is neither a passphrase nor a terminal, and a store on a read-only file system.
 */
class CaCliProcessTest {
    @TempDir
    static Path tmp;
    private static Path store;

    @BeforeAll
    static void makeStore() throws Exception {
        store = tmp.resolve("ca");
        CaFixtures.quickStore(store, true);
    }

    record Result(int exit, String out, String err) {}

    private static Result certvpn(Map<String, String> env, List<String> prefix, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove(CaOptions.PASSPHRASE_VARIABLE);
        pb.environment().putAll(env);
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Result(exit, out, Files.readString(err));
    }

    @Test
    void passphraseComesFromTheEnvironment() throws Exception {
        Result r = certvpn(Map.of(CaOptions.PASSPHRASE_VARIABLE, CaFixtures.PASSPHRASE), List.of(),
                "ca", "crl", "--dir", store.toString(), "--days", "5");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("CRL 2 written");
    }

    @Test
    void withoutPassphraseOrTerminalItSaysWhatToDo() throws Exception {
        String before = CaFixtures.hashTree(store);
        Result r = certvpn(Map.of(), List.of(), "ca", "revoke", "--dir", store.toString(), "--cn", "alice");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("certvpn ca revoke: no CA passphrase: give --passphrase-file FILE or set "
                + "CERTVPN_CA_PASSPHRASE (there is no terminal to ask on)\n");
        assertThat(CaFixtures.hashTree(store)).isEqualTo(before);
    }

    @Test
    void aReadOnlyStoreRefusesChangesInOneLineButStillLists() throws Exception {
        List<String> readOnly = readOnlyPrefix();
        String before = CaFixtures.hashTree(store);
        Map<String, String> env = Map.of(CaOptions.PASSPHRASE_VARIABLE, CaFixtures.PASSPHRASE);
        Result r = certvpn(env, readOnly, "ca", "client", "--dir", store.toString(), "--cn", "bob");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("certvpn ca client: the CA store " + store + " is not writable").endsWith("\n");
        assertThat(r.err().lines().count()).isEqualTo(1);
        Result list = certvpn(Map.of(), readOnly, "ca", "list", "--dir", store.toString());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("alice");
        assertThat(CaFixtures.hashTree(store)).isEqualTo(before);
    }

    /**
     * Runs the child in a private mount namespace with the store bind-mounted read-only (root ignores
     * permission bits, so a read-only mount is the only way to make it unwritable for root); as an
     * ordinary user, mode bits do it.
     */
    private static List<String> readOnlyPrefix() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            Files.setPosixFilePermissions(store.resolve("ca.lock"), PosixFilePermissions.fromString("r--------"));
            return List.of();
        }
        String script = "mount --bind -o ro \"$0\" \"$0\" && exec \"$@\"";
        List<String> prefix = List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", script, store.toString());
        List<String> probeCommand = new ArrayList<>(prefix);
        probeCommand.add("true");
        try {
            Process probe = new ProcessBuilder(probeCommand).redirectErrorStream(true).start();
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Assumptions.assumeTrue(probe.waitFor() == 0, "cannot make a read-only bind mount here: " + out);
        } catch (IOException e) {
            Assumptions.abort("cannot run unshare: " + e.getMessage());
        }
        return prefix;
    }
}
