package org.certvpn.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random points: a child JVM changes the store in a loop and is killed (SIGKILL) a random
 * time after its first finished change (so class loading is behind it and it is busy in the loop),
 * several times over. After each kill the store must open, recover and be
 * consistent ({@link StoreConsistency}); everything the child reported done must be in the index, and
 * no serial may appear twice.
 */
class CaKillTest {
    private static final int KILLS = 4;

    @TempDir
    Path tmp;

    @Test
    void killedAtRandomPointsTheStoreRecoversEveryTime() throws Exception {
        Path dir = tmp.resolve("ca");
        try (CaStore ca = CaTestSupport.quickInit(dir, KeySpec.EC_P256, 3650, CaSettings.defaults())) {
            ca.issueServer(new ServerRequest("vpn.example.com", List.of(), java.util.Optional.empty(), 30, KeySpec.EC_P256));
        }
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Set<String> issued = new HashSet<>();
        Set<String> revoked = new HashSet<>();
        int recoveries = 0;
        for (int run = 0; run < KILLS; run++) {
            List<String> lines = killAfterRandomDelay(dir, run, random);
            for (String line : lines) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "issued" -> assertThat(issued.add(f[1])).as("serial %s issued twice (seed %d)", f[1], seed).isTrue();
                    case "revoked" -> revoked.add(f[1]);
                    default -> { }
                }
            }
            recoveries += new CaLayout(dir).journal().toFile().exists() ? 1 : 0;
            Map<BigInteger, IndexEntry> index = StoreConsistency.check(dir, CaTestSupport.PASSPHRASE);
            Set<String> indexed = new HashSet<>();
            index.values().forEach(e -> indexed.add(e.serialHex()));
            assertThat(indexed).as("seed %d, run %d: every reported issue is indexed", seed, run).containsAll(issued);
            for (String s : revoked) {
                assertThat(index.get(new BigInteger(s, 16)).isRevoked()).as("seed %d: %s revoked", seed, s).isTrue();
            }
        }
        assertThat(issued).as("the children got work done (seed %d)", seed).isNotEmpty();
        System.out.printf("kill test: seed %d, %d issued, %d revoked, %d kills left a journal%n",
                seed, issued.size(), revoked.size(), recoveries);
    }

    private List<String> killAfterRandomDelay(Path dir, int run, Random random) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath,
                IssueRevokeLoop.class.getName(), dir.toString(), Integer.toString(run), Long.toString(random.nextLong()))
                .redirectErrorStream(true)
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ready = new CompletableFuture<>(); // completed by the first finished change
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.equals("ready")) {
                        lines.add(line);
                        ready.complete(null);
                    }
                }
            } catch (java.io.IOException e) {
                // the child was killed mid-line
            }
            ready.complete(null);
        });
        try {
            ready.get(60, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as("child output: %s", lines).isTrue();
            Thread.sleep(random.nextInt(300));
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        }
        List<String> done = new ArrayList<>();
        for (String l : lines) {
            if (l.matches("(issued|revoked) [0-9A-F]+|crl [0-9]+")) {
                done.add(l);
            } else {
                throw new AssertionError("unexpected child output: " + l);
            }
        }
        return done;
    }
}
