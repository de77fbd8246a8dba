package org.certvpn.gateway.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing, on the real kernel, in network namespaces this test creates: {@link ForwardingProbe}
 * (a JVM running {@link HostForwarding} with {@link LocalHost}) inside namespace G, the gateway.
 *
 * <pre>
 *   C (client)                 G (gateway)                            L (network behind)
 *   192.0.2.130/24 ---- certvpn0 192.0.2.1/24 | lan 198.51.100.1/24 ---- 198.51.100.2/24, no route back
 * </pre>
 *
 * The veth towards C is named like the TUN device, which the masquerade must leave alone. Only
 * documentation addresses are used, and nothing leaves the namespaces. Skipped (with the reason)
 * unless running as root with {@code ip} and {@code nft} and permission to create namespaces.
 */
class HostForwardingNamespaceTest {
    private static final String POOL = "192.0.2.128-192.0.2.254";
    private static final String LAN_HOST = "198.51.100.2";
    private static final int ECHO_PORT = 7007;
    private static final long WAIT_SECONDS = 20;

    private static String java;
    private static String classPath;

    private final String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private final String gw = "cvpn-g-" + suffix;
    private final String client = "cvpn-c-" + suffix;
    private final String lan = "cvpn-l-" + suffix;
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void requirements() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: needs root to create network namespaces and change their nftables and sysctls");
        assumeTrue(runs("ip", "-V"), "skipped: the ip command (iproute2) is not installed");
        assumeTrue(runs("nft", "--version") || Files.isExecutable(Path.of("/usr/sbin/nft")),
                "skipped: nft (nftables) is not installed");
        String probe = "cvpn-probe-" + ProcessHandle.current().pid();
        boolean canCreate = runs("ip", "netns", "add", probe);
        runs("ip", "netns", "delete", probe);
        assumeTrue(canCreate, "skipped: cannot create network namespaces here (no CAP_SYS_ADMIN?)");
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs a command to completion; returns exit status and output. */
    private static CommandResult run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        return new CommandResult(p.exitValue(), out, err.join());
    }

    private static String read(java.io.InputStream s) {
        try {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void must(String... command) throws Exception {
        CommandResult r = run(command);
        assertThat(r.ok()).as("%s: %s", String.join(" ", command), r.stderr()).isTrue();
    }

    private void inNs(String ns, String... command) throws Exception {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(command));
        must(c.toArray(String[]::new));
    }

    @BeforeEach
    void topology() throws Exception {
        for (String ns : List.of(gw, client, lan)) {
            must("ip", "netns", "add", ns);
            must("ip", "-n", ns, "link", "set", "lo", "up");
        }
        must("ip", "link", "add", "c0-" + suffix, "netns", client, "type", "veth", "peer", "certvpn0", "netns", gw);
        must("ip", "link", "add", "lan", "netns", gw, "type", "veth", "peer", "l0-" + suffix, "netns", lan);
        must("ip", "-n", client, "addr", "add", "192.0.2.130/24", "dev", "c0-" + suffix);
        must("ip", "-n", client, "link", "set", "c0-" + suffix, "up");
        must("ip", "-n", client, "route", "add", "default", "via", "192.0.2.1");
        must("ip", "-n", gw, "addr", "add", "192.0.2.1/24", "dev", "certvpn0");
        must("ip", "-n", gw, "addr", "add", "198.51.100.1/24", "dev", "lan");
        must("ip", "-n", gw, "link", "set", "certvpn0", "up");
        must("ip", "-n", gw, "link", "set", "lan", "up");
        must("ip", "-n", lan, "addr", "add", LAN_HOST + "/24", "dev", "l0-" + suffix);
        must("ip", "-n", lan, "link", "set", "l0-" + suffix, "up");
        setForwarding("0");
    }

    @AfterEach
    void removeTopology() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        for (String ns : List.of(gw, client, lan)) {
            run("ip", "netns", "delete", ns);
        }
    }

    private void setForwarding(String value) throws Exception {
        inNs(gw, "sh", "-c", "echo " + value + " > /proc/sys/net/ipv4/ip_forward");
    }

    private String forwarding() throws Exception {
        return run("ip", "netns", "exec", gw, "cat", "/proc/sys/net/ipv4/ip_forward").stdout().strip();
    }

    private CommandResult listTable() throws Exception {
        return run("ip", "netns", "exec", gw, "nft", "list", "table", "ip", "certvpn");
    }

    /** A JVM in namespace {@code ns} running {@code mainClass}; its first output line is returned by {@link Child#line}. */
    private Child startJava(String ns, Class<?> mainClass, String... args) throws IOException {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns, java, "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", classPath, mainClass.getName()));
        c.addAll(List.of(args));
        Process p = new ProcessBuilder(c).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return new Child(p);
    }

    private record Child(Process process, BufferedReader out) {
        Child(Process process) {
            this(process, new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        }

        String line() throws Exception {
            String l = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(WAIT_SECONDS, TimeUnit.SECONDS);
            return l == null ? "<end of output>" : l;
        }

        void send(String line) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        int exit() throws Exception {
            assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("child exited").isTrue();
            return process.exitValue();
        }
    }

    private static String ask(Child asker) throws Exception {
        asker.send("ask");
        return asker.line();
    }

    @Test
    void rulesAppearWhileRunningAndDisappearOnStop() throws Exception {
        Child nat = startJava(gw, ForwardingProbe.class, POOL, "certvpn0");
        assertThat(nat.line()).isEqualTo("ENABLED restore=0");

        CommandResult table = listTable();
        assertThat(table.ok()).as(table.stderr()).isTrue();
        assertThat(table.stdout()).contains("type nat hook postrouting priority srcnat; policy accept;")
                .contains("ip saddr 192.0.2.128-192.0.2.254 oifname != \"certvpn0\" masquerade");
        assertThat(forwarding()).isEqualTo("1");

        nat.send("stop");
        assertThat(nat.line()).isEqualTo("CLOSED");
        assertThat(nat.exit()).isZero();
        CommandResult gone = listTable();
        assertThat(gone.ok()).isFalse();
        assertThat(gone.stderr()).contains("No such file or directory");
        assertThat(forwarding()).isEqualTo("0");
    }

    @Test
    void clientsReachTheNetworkOnlyWhileMasqueraded() throws Exception {
        Child echo = startJava(lan, UdpProbe.class, "echo", LAN_HOST, String.valueOf(ECHO_PORT));
        Child asker = startJava(client, UdpProbe.class, "ask", LAN_HOST, String.valueOf(ECHO_PORT));
        assertThat(echo.line()).isEqualTo("READY");
        assertThat(asker.line()).isEqualTo("READY");
        assertThat(ask(asker)).as("before: no forwarding").isEqualTo("TIMEOUT");

        Child nat = startJava(gw, ForwardingProbe.class, POOL, "certvpn0");
        assertThat(nat.line()).startsWith("ENABLED");
        assertThat(ask(asker)).as("the network sees the gateway's address").isEqualTo("from 198.51.100.1");

        nat.send("stop");
        assertThat(nat.line()).isEqualTo("CLOSED");
        assertThat(ask(asker)).as("after stop").isEqualTo("TIMEOUT");
    }

    @Test
    void sigtermRemovesEverything() throws Exception {
        Child nat = startJava(gw, ForwardingProbe.class, POOL, "certvpn0");
        assertThat(nat.line()).isEqualTo("ENABLED restore=0");
        // ProcessHandle.destroy sends SIGTERM without closing our end of the pipes (Process.destroy would,
        // and the probe would see end of input instead of the signal).
        assertThat(nat.process().toHandle().destroy()).isTrue();
        assertThat(nat.line()).isEqualTo("CLOSED");
        assertThat(nat.exit()).as("exit status after SIGTERM").isEqualTo(128 + 15);
        assertThat(listTable().ok()).isFalse();
        assertThat(forwarding()).isEqualTo("0");
    }

    @Test
    void afterSigkillTheNextRunReplacesTheTableAndRestoresTheOriginal() throws Exception {
        Path state = dir.resolve("run/forwarding.state");
        Child first = startJava(gw, ForwardingProbe.class, POOL, "certvpn0", state.toString());
        assertThat(first.line()).isEqualTo("ENABLED restore=0");
        assertThat(first.process().toHandle().destroyForcibly()).isTrue();
        assertThat(first.exit()).as("exit status after SIGKILL").isEqualTo(128 + 9);
        assertThat(listTable().ok()).as("killed: table left behind").isTrue();
        assertThat(forwarding()).isEqualTo("1");

        Child second = startJava(gw, ForwardingProbe.class, POOL, "certvpn0", state.toString());
        assertThat(second.line()).as("original value from the state file").isEqualTo("ENABLED restore=0");
        assertThat(listTable().stdout()).containsOnlyOnce("masquerade");
        second.send("stop");
        assertThat(second.line()).isEqualTo("CLOSED");
        assertThat(listTable().ok()).isFalse();
        assertThat(forwarding()).isEqualTo("0");
        assertThat(state).doesNotExist();
    }

    @Test
    void forwardingThatWasOnStaysOn() throws Exception {
        setForwarding("1");
        Child nat = startJava(gw, ForwardingProbe.class, POOL, "certvpn0");
        assertThat(nat.line()).isEqualTo("ENABLED restore=-");
        nat.send("stop");
        assertThat(nat.line()).isEqualTo("CLOSED");
        assertThat(listTable().ok()).isFalse();
        assertThat(forwarding()).isEqualTo("1");
    }
}
