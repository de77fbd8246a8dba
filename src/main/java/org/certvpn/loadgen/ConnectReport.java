package org.certvpn.loadgen;

import java.util.Arrays;
import java.util.Map;

/**
 * What a connect scenario saw.
 *
 * @param attempted clients started
 * @param up clients whose PPP network came up
 * @param failed clients that failed or timed out, and {@code failures} why (the most frequent reasons)
 * @param elapsedMillis from the first start to the last client up or failed
 * @param ipsecMicros latencies from MM1 to the child SA installed, sorted
 * @param fullMicros latencies from MM1 to PPP network up (the whole L2TP/IPsec connect), sorted
 */
public record ConnectReport(int attempted, int up, int failed, Map<String, Integer> failures, long elapsedMillis,
        long[] ipsecMicros, long[] fullMicros) {

    public double connectsPerSecond() {
        return elapsedMillis == 0 ? 0 : up * 1000.0 / elapsedMillis;
    }

    /** The {@code q}-quantile (0..1) of sorted microseconds, in milliseconds; NaN when empty. */
    public static double quantileMillis(long[] sortedMicros, double q) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sortedMicros.length - 1, Math.max(0, Math.ceil(q * sortedMicros.length) - 1));
        return sortedMicros[i] / 1000.0;
    }

    public String text() {
        return String.format(java.util.Locale.ROOT,
                "connect: %d started, %d up, %d failed in %.2f s = %.1f connects/s%n"
                        + "  IPsec up   ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n"
                        + "  PPP up     ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n%s",
                attempted, up, failed, elapsedMillis / 1000.0, connectsPerSecond(),
                quantileMillis(ipsecMicros, 0.5), quantileMillis(ipsecMicros, 0.9), quantileMillis(ipsecMicros, 0.99),
                quantileMillis(ipsecMicros, 1.0),
                quantileMillis(fullMicros, 0.5), quantileMillis(fullMicros, 0.9), quantileMillis(fullMicros, 0.99),
                quantileMillis(fullMicros, 1.0),
                failures.isEmpty() ? "" : "  failures: " + failures + System.lineSeparator());
    }

    public String json() {
        return String.format(java.util.Locale.ROOT,
                "{\"attempted\":%d,\"up\":%d,\"failed\":%d,\"elapsedMillis\":%d,\"connectsPerSecond\":%.1f,"
                        + "\"ipsecMillis\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
                        + "\"fullMillis\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f},\"failures\":%s}",
                attempted, up, failed, elapsedMillis, connectsPerSecond(),
                q(ipsecMicros, 0.5), q(ipsecMicros, 0.9), q(ipsecMicros, 0.99), q(ipsecMicros, 1.0),
                q(fullMicros, 0.5), q(fullMicros, 0.9), q(fullMicros, 0.99), q(fullMicros, 1.0),
                Json.object(failures));
    }

    private static double q(long[] a, double q) {
        double v = quantileMillis(a, q);
        return Double.isNaN(v) ? -1 : v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectReport r && r.attempted == attempted && r.up == up && r.failed == failed
                && r.failures.equals(failures) && r.elapsedMillis == elapsedMillis
                && Arrays.equals(r.ipsecMicros, ipsecMicros) && Arrays.equals(r.fullMicros, fullMicros);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fullMicros) * 31 + up;
    }

    @Override
    public String toString() {
        return text();
    }
}
