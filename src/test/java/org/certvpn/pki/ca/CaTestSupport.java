package org.certvpn.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Shared helpers for the CA tests: deterministic settings, running openssl, hashing a store. */
final class CaTestSupport {
    static final String SUBJECT = "C=JP, ST=Tokyo, O=Example Inc., CN=Example Root CA";
    static final char[] PASSPHRASE = "correct horse battery".toCharArray();

    private CaTestSupport() {}

    /**
     * A CA whose key is encrypted with few PBKDF2 rounds, so that tests can open it often; everything
     * else is as {@link CaStore#init} makes it.
     */
    static CaStore quickInit(Path dir, KeySpec key, int days, CaSettings settings) throws CaException {
        return CaStore.init(dir, SUBJECT, key, days, PASSPHRASE, settings, CrashHook.NONE, 2048);
    }

    /** Seeded randomness and a clock fixed at a known instant: the same run every time. */
    static CaSettings fixed(Instant now, long seed) {
        return new CaSettings(Clock.fixed(now, ZoneOffset.UTC), seeded(seed), Duration.ofSeconds(2));
    }

    /** The real clock (openssl checks validity against it) with seeded randomness. */
    static CaSettings realClock(long seed) {
        return new CaSettings(Clock.systemUTC(), seeded(seed), Duration.ofSeconds(2));
    }

    static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 over every path, mode and content under {@code dir}: equal hashes mean an unchanged store. */
    static String hashTree(Path dir) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(dir)) {
                paths = walk.sorted().toList();
            }
            for (Path p : paths) {
                md.update(dir.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)).getBytes(StandardCharsets.US_ASCII));
                if (Files.isRegularFile(p)) {
                    md.update(Files.readAllBytes(p));
                }
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Run(int exit, String out) {}

    /** Runs openssl in {@code dir}, returning its exit status and merged output. */
    static Run openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    /** Runs openssl and fails the test if it does not exit 0. */
    static String opensslOk(Path dir, String... args) throws IOException, InterruptedException {
        Run r = openssl(dir, args);
        assertThat(r.exit()).as("openssl %s\n%s", String.join(" ", args), r.out()).isZero();
        return r.out();
    }
}
