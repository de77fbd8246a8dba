package org.certvpn.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.certvpn.cli.ConfigSourceOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The files under packaging/ agree with the code and with each other. The full acceptance (the .deb
 * installed into a fresh Debian root) is packaging/test-deb.sh; this is the fast part for every build.
 */
class PackagingFilesTest {
    private static final Path UNIT = Path.of("packaging/systemd/certvpn.service");
    private static final Path INSTALLED_LAUNCHER = Path.of("packaging/deb/certvpn");
    private static final Path DEV_LAUNCHER = Path.of("certvpn");
    private static final Path CONTROL = Path.of("packaging/deb/control/control");

    @TempDir
    Path dir;

    /** Key to values, for the keys of the [Service] and [Unit] sections (a repeated key keeps all values). */
    private static Map<String, List<String>> unitSettings() throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(UNIT)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("[")) {
                continue;
            }
            int eq = line.indexOf('=');
            out.computeIfAbsent(line.substring(0, eq), k -> new java.util.ArrayList<>()).add(line.substring(eq + 1));
        }
        return out;
    }

    private static String one(Map<String, List<String>> settings, String key) {
        assertThat(settings.get(key)).as(key).hasSize(1);
        return settings.get(key).getFirst();
    }

    @Test
    void unitRunsServeWithTheNativeConfigAndReloadsThroughTheCli() throws Exception {
        Map<String, List<String>> s = unitSettings();
        assertThat(one(s, "ExecStart")).isEqualTo("/usr/bin/certvpn serve --config /etc/certvpn/certvpn.toml");
        assertThat(one(s, "ExecReload")).isEqualTo("/usr/bin/certvpn reload");
        assertThat(one(s, "Restart")).isEqualTo("on-failure");
        assertThat(one(s, "ConditionPathExists")).isEqualTo("/etc/certvpn/certvpn.toml");

        Set<String> flags = new TreeSet<>();
        for (OptionSpec o : CommandSpec.forAnnotatedObject(new ConfigSourceOptions()).options()) {
            flags.addAll(Arrays.asList(o.names()));
        }
        assertThat(flags).as("serve takes its configuration flags from ConfigSourceOptions").contains("--config");
    }

    @Test
    void unitHasTheGatewayCapabilitiesAndNothingElse() throws Exception {
        Map<String, List<String>> s = unitSettings();
        Set<String> caps = Set.of("CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_NET_BIND_SERVICE");
        assertThat(Set.of(one(s, "CapabilityBoundingSet").split(" "))).isEqualTo(caps);
        assertThat(Set.of(one(s, "AmbientCapabilities").split(" "))).isEqualTo(caps);
        assertThat(one(s, "NoNewPrivileges")).isEqualTo("yes");
        assertThat(one(s, "ProtectSystem")).isEqualTo("strict");
        assertThat(one(s, "ProtectHome")).isEqualTo("yes");
        assertThat(one(s, "PrivateTmp")).isEqualTo("yes");
        assertThat(one(s, "ReadWritePaths")).isEqualTo("/var/lib/certvpn /run/certvpn");
        assertThat(one(s, "DeviceAllow")).isEqualTo("/dev/net/tun rw");
        assertThat(s).as("serve --nat writes /proc/sys/net/ipv4/ip_forward").doesNotContainKey("ProtectKernelTunables");
        assertThat(s).as("the JIT needs W+X memory").doesNotContainKey("MemoryDenyWriteExecute");
    }

    @Test
    void unitPassesSystemdAnalyzeVerify() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "skipped: systemd-analyze is not installed (apt install systemd)");
        // verify insists that ExecStart's program exists; on a build machine /usr/bin/certvpn does not,
        // so the copy points at a stand-in. Everything else is verified as shipped (test-deb.sh verifies
        // the installed unit unchanged).
        Path stub = dir.resolve("certvpn");
        Files.writeString(stub, "#!/bin/sh\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path unit = dir.resolve("certvpn.service");
        Files.writeString(unit, Files.readString(UNIT).replace("/usr/bin/certvpn", stub.toString()));

        Process p = new ProcessBuilder(analyze.toString(), "verify", unit.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("no warnings either").isBlank();
    }

    /** The body of a shell function, from "name() {" to the closing "}" at column 0. */
    private static String shellFunction(Path script, String name) throws Exception {
        String text = Files.readString(script);
        int start = text.indexOf("\n" + name + "() {\n");
        assertThat(start).as("%s in %s", name, script).isNotNegative();
        int end = text.indexOf("\n}\n", start);
        return text.substring(start, end + 3);
    }

    @Test
    void installedLauncherFindsTheJdkExactlyLikeTheDevelopmentLauncher() throws Exception {
        for (String function : List.of("java_major", "find_jdk")) {
            assertThat(shellFunction(INSTALLED_LAUNCHER, function)).isEqualTo(shellFunction(DEV_LAUNCHER, function));
        }
        assertThat(Files.readString(INSTALLED_LAUNCHER)).contains("-jar /usr/share/certvpn/certvpn.jar \"$@\"")
                .contains("--enable-native-access=ALL-UNNAMED");
        assertThat(Files.isExecutable(INSTALLED_LAUNCHER)).isTrue();
    }

    @Test
    void packageDependsOnAJava25Runtime() throws Exception {
        String depends = Files.readAllLines(CONTROL).stream().filter(l -> l.startsWith("Depends: ")).findFirst().orElseThrow();
        // Debian's OpenJDK and Temurin packages both provide javaNN-runtime-headless for their own and
        // every older NN; the real package first lets apt pick one when none is installed.
        assertThat(depends).isEqualTo("Depends: openjdk-25-jre-headless | java25-runtime-headless");
    }

    @Test
    void maintainerScriptsAreExecutableShellThatNeverDeletesTheCa() throws Exception {
        for (String name : List.of("postinst", "prerm", "postrm")) {
            Path script = Path.of("packaging/deb/control", name);
            assertThat(Files.isExecutable(script)).as(name).isTrue();
            String text = Files.readString(script);
            assertThat(text).startsWith("#!/bin/sh\nset -e\n").doesNotContain("rm -rf");
        }
    }
}
