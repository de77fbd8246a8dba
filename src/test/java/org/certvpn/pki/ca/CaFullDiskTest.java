package org.certvpn.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk while issuing a certificate: the store lives on a small tmpfs this test mounts, which is filled
 * up to leave 0, 4, 8, ... KiB free before each issue, so that the issue runs out of space at every stage of
 * its transaction (the journal, the files, the index). Each failed issue must report the error, and once space
 * is back the store must open, be consistent ({@link StoreConsistency}) and either hold the whole certificate
 * (the journal was committed and is replayed) or be byte-for-byte what it was. Needs root to mount; skipped
 * otherwise.
 */
class CaFullDiskTest {
    private static final int PAGE = 4096;

    @TempDir
    Path tmp;

    @Test
    void issuingOnAFullDiskFailsCleanlyAndLeavesTheStoreConsistent() throws Exception {
        Path disk = tmp.resolve("disk");
        Files.createDirectories(disk);
        mountSmallTmpfs(disk);
        try {
            Path dir = disk.resolve("ca");
            try (CaStore ca = CaTestSupport.quickInit(dir, KeySpec.EC_P256, 3650, CaSettings.defaults())) {
                ca.issueServer(new ServerRequest("vpn.example.com", List.of(), Optional.empty(), 30, KeySpec.EC_P256));
                ca.issueClient(ClientRequest.of("before").withKey(KeySpec.EC_P256).withPassword("p12-pass"));
            }
            Path filler = disk.resolve("filler");
            List<String> failures = new ArrayList<>();
            int issued = 0;
            int unchanged = 0;
            int finishedByRecovery = 0;
            for (int pages = 0; pages <= 24; pages++) {
                String cn = "user" + pages;
                fill(filler);
                try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.WRITE)) {
                    ch.truncate(Math.max(0, ch.size() - (long) pages * PAGE));
                }
                String before = CaTestSupport.hashTree(dir);
                boolean done;
                try (CaStore ca = CaStore.open(dir, CaTestSupport.PASSPHRASE)) {
                    ca.issueClient(ClientRequest.of(cn).withKey(KeySpec.EC_P256).withPassword("p12-pass"));
                    done = true;
                } catch (CaException e) {
                    assertThat(e.getMessage()).as("%d pages free", pages).isNotBlank();
                    failures.add(pages + " pages free: " + e.getMessage());
                    done = false;
                }
                Files.delete(filler);
                boolean journalLeft = Files.exists(new CaLayout(dir).journal());
                boolean indexed = StoreConsistency.check(dir, CaTestSupport.PASSPHRASE).values().stream()
                        .anyMatch(e -> e.cn().equals(cn));
                if (done) {
                    issued++;
                    assertThat(indexed).as("issued with %d pages free and indexed", pages).isTrue();
                } else if (indexed) {
                    finishedByRecovery++;
                    assertThat(journalLeft).as("committed but unfinished: the journal was left (%d pages free)", pages)
                            .isTrue();
                } else {
                    unchanged++;
                    assertThat(journalLeft).as("an uncommitted issue leaves no journal (%d pages free)", pages).isFalse();
                    assertThat(CaTestSupport.hashTree(dir)).as("a failed issue changed nothing (%d pages free)", pages)
                            .isEqualTo(before);
                }
            }
            assertThat(unchanged).as("out of space before the commit point: %s", failures).isPositive();
            assertThat(finishedByRecovery).as("out of space after the commit point: %s", failures).isPositive();
            assertThat(issued).as("with enough space the issue succeeds; failures %s", failures).isPositive();
        } finally {
            unmount(disk);
        }
    }

    /** Appends to {@code filler} until the file system refuses more. */
    private static void fill(Path filler) throws IOException {
        byte[] page = new byte[PAGE];
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(page);
                out.flush();
            }
        } catch (IOException full) {
            // No space left: that is the point.
        }
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            // The last partial page too.
        }
    }

    private static void mountSmallTmpfs(Path at) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: mounting the small tmpfs this test fills needs root");
        Run r = run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "certvpn-full-disk-test", at.toString());
        Assumptions.assumeTrue(r.status == 0, "skipped: cannot mount a tmpfs here (" + r.output.strip() + ")");
    }

    private static void unmount(Path at) throws Exception {
        Run r = run("umount", at.toString());
        assertThat(r.status).as("umount %s: %s", at, r.output).isZero();
    }

    private record Run(int status, String output) {}

    private static Run run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, "timed out");
        }
        return new Run(p.exitValue(), out);
    }
}
