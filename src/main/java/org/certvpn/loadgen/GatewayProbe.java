package org.certvpn.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the memory of a gateway process on this machine: resident set size from {@code /proc/PID/status}
 * and, through {@code jcmd}, the Java heap in use after a full collection (what live objects take).
 */
public final class GatewayProbe {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private final long pid;

    public GatewayProbe(long pid) {
        this.pid = pid;
    }

    /** Resident set size in bytes, or -1 when the process is gone. */
    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * CPU time the process has used so far (user + system), in milliseconds, from {@code /proc/PID/stat}
     * (clock ticks of 10 ms); -1 when the process is gone.
     */
    public long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Heap in use right after a full GC, in bytes; -1 when {@code jcmd} is missing or fails. */
    public long heapUsedAfterGcBytes() {
        if (jcmd("GC.run") == null) {
            return -1;
        }
        String info = jcmd("GC.heap_info");
        if (info == null) {
            return -1;
        }
        Matcher m = USED.matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    /** The gateway's live objects by class (after a full GC), as {@code jcmd GC.class_histogram} prints them. */
    public String classHistogram() {
        String h = jcmd("GC.class_histogram");
        return h == null ? "" : h;
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
