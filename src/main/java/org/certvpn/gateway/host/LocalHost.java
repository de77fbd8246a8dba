package org.certvpn.gateway.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * This host: sysctls through /proc/sys, nftables through the {@code nft} command.
 *
 * <p>{@code nft} is looked up on PATH and then in /usr/sbin and /sbin, because a root login shell has
 * those on PATH but a service or sudo environment may not.
 */
public final class LocalHost implements HostSystem {
    private static final Path PROC_SYS = Path.of("/proc/sys");
    private static final long NFT_TIMEOUT_SECONDS = 30;

    private final String nft;

    /** nft found on PATH, /usr/sbin or /sbin (or the bare name, to fail with a clear message when run). */
    public LocalHost() {
        this(findNft().orElse("nft"));
    }

    /** A specific nft binary. */
    public LocalHost(String nftCommand) {
        this.nft = nftCommand;
    }

    static Optional<String> findNft() {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.add(Path.of("/usr/sbin"));
        dirs.add(Path.of("/sbin"));
        return dirs.stream().map(d -> d.resolve("nft")).filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    private static Path sysctlPath(String name) {
        if (!name.matches("[a-z0-9_]+(\\.[a-z0-9_]+)+")) {
            throw new IllegalArgumentException("not a sysctl name: " + name);
        }
        return PROC_SYS.resolve(name.replace('.', '/'));
    }

    @Override
    public String readSysctl(String name) throws IOException {
        return Files.readString(sysctlPath(name), StandardCharsets.US_ASCII).strip();
    }

    @Override
    public void writeSysctl(String name, String value) throws IOException {
        Files.writeString(sysctlPath(name), value + "\n", StandardCharsets.US_ASCII);
    }

    @Override
    public CommandResult nft(List<String> args, String stdin) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(nft);
        command.addAll(args);
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // nft stopped reading (it failed early): its exit status and stderr below say why.
        }
        try {
            if (!p.waitFor(NFT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(nft + " did not finish within " + NFT_TIMEOUT_SECONDS + " s");
            }
            return new CommandResult(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + nft, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    @Override
    public String toString() {
        return "local host (" + nft + ")";
    }
}
