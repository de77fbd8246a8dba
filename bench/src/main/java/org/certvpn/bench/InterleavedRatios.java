package org.certvpn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.certvpn.gateway.DataPathBenchmark;

/**
 * The benchmarks' ratios measured so that a busy machine cannot skew them: each measured operation and
 * its baseline run in alternating rounds on one thread, and each keeps its fastest round. JMH runs one
 * benchmark after the other, so a neighbour's load that comes and goes lands on one side of a ratio only;
 * here both sides see the same minutes. Run with {@code bench/run.sh --ratios}.
 */
public final class InterleavedRatios {
    private InterleavedRatios() {}

    /** One operation; returns something so that the JIT cannot drop the work. */
    @FunctionalInterface
    interface Op {
        long run() throws Exception;
    }

    static long sink;

    /** Fastest per-operation time in ns over {@code rounds} rounds of {@code perRound} operations, after warm-up. */
    static double[] race(Op a, Op b, int perRound, int rounds) throws Exception {
        for (int w = 0; w < Math.max(3, rounds / 5); w++) {
            round(a, perRound);
            round(b, perRound);
        }
        double bestA = Double.MAX_VALUE;
        double bestB = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            bestA = Math.min(bestA, round(a, perRound));
            bestB = Math.min(bestB, round(b, perRound));
        }
        return new double[] {bestA, bestB};
    }

    private static double round(Op op, int n) throws Exception {
        long t0 = System.nanoTime();
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += op.run();
        }
        sink += s;
        return (System.nanoTime() - t0) / (double) n;
    }

    public static void main(String[] args) throws Exception {
        QuietLogging.apply();
        List<String> rows = new ArrayList<>();
        rows.add("| measured | baseline | size | measured ns | baseline ns | ratio |");
        rows.add("|---|---|---|---|---|---|");
        for (String suite : new String[] {"AES128_SHA1", "AES128_SHA256", "AES256_SHA1", "AES256_SHA256", "3DES_SHA1"}) {
            for (int size : new int[] {64, 1400}) {
                EspBenchmark b = new EspBenchmark();
                b.suite = suite;
                b.size = size;
                b.setUp();
                boolean des = suite.startsWith("3DES");
                int n = des ? 200 : 2000;
                double[] seal = race(b::seal, () -> b.bareSeal(), n, 40);
                rows.add(row("ESP seal " + suite, "bare encrypt+MAC", size, seal));
                double[] both = race(() -> b.sealOpen(), () -> b.bareSealOpen(), n, 40);
                rows.add(row("ESP seal+open " + suite, "bare encrypt+MAC, MAC+decrypt", size, both));
                System.err.println(suite + " " + size + " done");
            }
        }
        for (int size : new int[] {64, 1400}) {
            DataPathBenchmark d = new DataPathBenchmark();
            d.size = size;
            d.setUp();
            try {
                rows.add(row("data path outbound (TUN to UDP)", "bare AES-128-CBC + HMAC-SHA1", size,
                        race(d::outbound, () -> d.bareCryptoOneWay(), 2000, 40)));
                rows.add(row("data path round trip (both sides)", "bare crypto of the round trip", size,
                        race(d::roundTrip, () -> d.bareCryptoRoundTrip(), 1000, 40)));
            } finally {
                d.tearDown();
            }
            System.err.println("data path " + size + " done");
        }
        for (String group : new String[] {"MODP_2048", "MODP_1024"}) {
            IkeBenchmark k = new IkeBenchmark();
            k.group = group;
            k.setUp();
            double[] r = race(k::responderMainAndQuickMode, () -> {
                byte[] a = k.jceDhKeyPairAndAgree();
                byte[] s = k.rsaSign();
                return a.length + s.length + (k.rsaVerify() ? 1 : 0) + (k.rsaVerify() ? 1 : 0);
            }, 10, 25);
            rows.add(row("IKE responder MM+QM, RSA-2048, " + group.replace("_", ""), "JCE DH pair+agree, RSA sign, 2 verify", 0, r));
            System.err.println("IKE " + group + " done");
        }
        rows.forEach(System.out::println);
    }

    private static String row(String what, String baseline, int size, double[] r) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %,.0f | %.2f |", what, baseline,
                size == 0 ? "-" : size + " B", r[0], r[1], r[0] / r[1]);
    }
}
