package org.certvpn.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace made for one test with {@code ip netns add} and deleted on close, so the test's
 * traffic never leaves it. Tests that need one are skipped, with the reason, when not run as root or
 * without {@code ip}.
 */
final class TestNamespace implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String name;
    final Path path;

    private TestNamespace(String name) {
        this.name = name;
        this.path = Path.of("/var/run/netns", name);
    }

    static void assumeRootWithIp() {
        assumeTrue(isRoot(), "needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN) to create network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip")), "needs iproute2's ip command");
    }

    static void assumeTun() {
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "needs /dev/net/tun");
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Creates a namespace with its loopback up, after deleting any left by test JVMs that died. */
    static TestNamespace create(String tag) throws IOException {
        deleteOrphans();
        String name = "cvt-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-" + tag;
        run("netns", "add", name);
        TestNamespace ns = new TestNamespace(name);
        try {
            ns.ip("link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    private static void deleteOrphans() throws IOException {
        for (String line : run("netns", "list").split("\n")) {
            String name = line.split(" ")[0];
            String[] parts = name.split("-");
            if (parts.length >= 3 && parts[0].equals("cvt") && parts[1].chars().allMatch(Character::isDigit)
                    && ProcessHandle.of(Long.parseLong(parts[1])).isEmpty()) {
                run("netns", "del", name);
            }
        }
    }

    /** Runs {@code ip -n NAME args...}. */
    String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("-n", name));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /** Runs {@code ip args...} in the host namespace (only to add and delete test namespaces). */
    static String run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    <T> T callIn(Callable<T> task) throws IOException {
        return NetworkNamespace.callIn(path, task);
    }

    @Override
    public void close() throws IOException {
        run("netns", "del", name);
    }
}
