package org.certvpn.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certvpn.pki.ca.CaTestSupport.PASSPHRASE;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops each kind of change at every named point inside its transaction, exactly where a killed
 * process would leave the files, then checks that the next open brings the store to a consistent
 * state in which the change either fully happened (the journal had reached the disk) or not at all.
 * The child-process kill -9 test ({@link CaKillTest}) covers the points between these.
 */
class CaCrashRecoveryTest {
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final String COMMIT_POINT = "write:" + CaLayout.JOURNAL;

    @TempDir
    static Path tmp;
    private static Path base;
    private static int copies;

    /**
     * Thrown by the hook: unwinds the operation and leaves the files as they are. An Error, so that
     * no clean-up meant for ordinary failures runs, as none would in a killed process.
     */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash(String point) {
            super("crashed at " + point, null, false, false);
        }
    }

    private interface Change {
        void apply(CaStore store) throws CaException;
    }

    /** Whether the change is visible in the recovered store. */
    private interface Applied {
        boolean test(Path dir, Map<BigInteger, IndexEntry> entries) throws Exception;
    }

    @BeforeAll
    static void baseStore() throws Exception {
        base = tmp.resolve("base");
        try (CaStore ca = CaTestSupport.quickInit(base, KeySpec.EC_P256, 3650, CaTestSupport.fixed(NOW, 11))) {
            ca.issueServer(new ServerRequest("vpn.example.com", List.of("192.0.2.1"), Optional.empty(), 100, KeySpec.EC_P256));
            ca.issueClient(client("alice"));
            ca.issueClient(client("bob"));
        }
    }

    private static ClientRequest client(String cn) {
        return ClientRequest.of(cn).withKey(KeySpec.EC_P256).withPassword("secret-" + cn);
    }

    @Test
    void issuingAClientSurvivesACrashAnywhere() throws Exception {
        crashEverywhere(ca -> ca.issueClient(client("carol")),
                (dir, entries) -> entries.values().stream().anyMatch(e -> e.cn().equals("carol")));
    }

    @Test
    void revokingSurvivesACrashAnywhere() throws Exception {
        crashEverywhere(ca -> ca.revoke(new RevokeTarget.ByName("alice", Optional.empty()), RevocationReason.KEY_COMPROMISE),
                (dir, entries) -> entries.values().stream().anyMatch(e -> e.cn().equals("alice") && e.isRevoked()));
    }

    @Test
    void issuingTheServerCertificateSurvivesACrashAnywhere() throws Exception {
        crashEverywhere(ca -> ca.issueServer(new ServerRequest("gw2.example.com", List.of(), Optional.empty(), 100, KeySpec.EC_P256)),
                (dir, entries) -> entries.values().stream().anyMatch(e -> e.cn().equals("gw2.example.com")));
    }

    @Test
    void writingACrlSurvivesACrashAnywhere() throws Exception {
        BigInteger before;
        try (CaStore ca = CaStore.open(base, null)) {
            before = ca.crlNumber();
        }
        crashEverywhere(ca -> ca.generateCrl(7), (dir, entries) -> {
            try (CaStore ca = CaStore.open(dir, null)) {
                return ca.crlNumber().equals(before.add(BigInteger.ONE));
            }
        });
    }

    @Test
    void aCrashDuringRecoveryIsRecoveredToo() throws Exception {
        List<String> points = pointsOf(ca -> ca.issueClient(client("dave")));
        // right after the commit point, and halfway through writing the files
        List<String> firsts = List.of(COMMIT_POINT, points.get((points.indexOf(COMMIT_POINT) + points.size()) / 2));
        for (String first : firsts) {
            Path dir = copyOfBase();
            crashAt(dir, first, ca -> ca.issueClient(client("dave")));
            List<String> recoveryPoints = new ArrayList<>();
            CaStore.open(dir, null, CaTestSupport.fixed(NOW, 1), recoveryPoints::add).close();
            for (String second : recoveryPoints) {
                Path again = copyOfBase();
                crashAt(again, first, ca -> ca.issueClient(client("dave")));
                assertThatThrownBy(() -> CaStore.open(again, null, CaTestSupport.fixed(NOW, 1), crashingAt(second)))
                        .isInstanceOf(SimulatedCrash.class);
                Map<BigInteger, IndexEntry> entries = StoreConsistency.check(again, PASSPHRASE);
                assertThat(entries.values()).as("crash at %s, then at %s during recovery", first, second)
                        .anyMatch(e -> e.cn().equals("dave"));
            }
        }
    }

    @Test
    void aCrashDuringInitLeavesEitherNoCaOrAWholeOne() throws Exception {
        List<String> points = new ArrayList<>();
        Path probe = tmp.resolve("init-probe");
        CaStore.init(probe, CaTestSupport.SUBJECT, KeySpec.EC_P256, 30, PASSPHRASE, CaTestSupport.fixed(NOW, 2),
                points::add, 2048).close();
        assertThat(points).contains(COMMIT_POINT, "done");
        for (String point : points) {
            Path dir = tmp.resolve("init-" + copies++);
            assertThatThrownBy(() -> CaStore.init(dir, CaTestSupport.SUBJECT, KeySpec.EC_P256, 30, PASSPHRASE,
                    CaTestSupport.fixed(NOW, 2), crashingAt(point), 2048)).isInstanceOf(SimulatedCrash.class);
            if (points.indexOf(point) >= points.indexOf(COMMIT_POINT)) {
                StoreConsistency.check(dir, PASSPHRASE);
            } else {
                assertThatThrownBy(() -> CaStore.open(dir, PASSPHRASE)).as("crash at %s", point)
                        .isInstanceOf(CaException.class).hasMessageContaining("no index.txt");
                CaTestSupport.quickInit(dir, KeySpec.EC_P256, 30, CaTestSupport.fixed(NOW, 3)).close();
                StoreConsistency.check(dir, PASSPHRASE);
            }
        }
    }

    /** Runs {@code change} once per point it passes, crashing there, and checks the outcome each time. */
    private void crashEverywhere(Change change, Applied applied) throws Exception {
        List<String> points = pointsOf(change);
        assertThat(points).contains(COMMIT_POINT, "applied", "done");
        assertThat(points.indexOf(COMMIT_POINT)).isEqualTo(1);
        for (String point : points) {
            Path dir = copyOfBase();
            crashAt(dir, point, change);
            Map<BigInteger, IndexEntry> entries = StoreConsistency.check(dir, PASSPHRASE);
            boolean committed = points.indexOf(point) >= points.indexOf(COMMIT_POINT);
            assertThat(applied.test(dir, entries)).as("crash at %s: change applied", point).isEqualTo(committed);
            // the recovered store takes the next change
            try (CaStore ca = CaStore.open(dir, PASSPHRASE, CaTestSupport.fixed(NOW, 99))) {
                ca.issueClient(client("after-" + copies));
            }
        }
    }

    private static List<String> pointsOf(Change change) throws Exception {
        Path dir = copyOfBase();
        List<String> points = new ArrayList<>();
        try (CaStore ca = CaStore.open(dir, PASSPHRASE, CaTestSupport.fixed(NOW, 5), points::add)) {
            change.apply(ca);
        }
        return points;
    }

    private static void crashAt(Path dir, String point, Change change) throws Exception {
        CaStore ca = CaStore.open(dir, PASSPHRASE, CaTestSupport.fixed(NOW, 5), crashingAt(point));
        try {
            assertThatThrownBy(() -> change.apply(ca)).isInstanceOf(SimulatedCrash.class);
        } finally {
            ca.close(); // the kernel drops a killed process's lock
        }
    }

    private static CrashHook crashingAt(String point) {
        return reached -> {
            if (reached.equals(point)) {
                throw new SimulatedCrash(point);
            }
        };
    }

    private static Path copyOfBase() throws IOException {
        Path dest = base.resolveSibling("copy-" + copies++);
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : walk.toList()) {
                Path target = dest.resolve(base.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return dest;
    }
}
