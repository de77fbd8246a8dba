package org.certvpn.ppp.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-user and per-source exponential back-off with an optional lockout.
 *
 * <p>The first {@code freeFailures} failures of a key cost nothing; each further one blocks the key for
 * {@code baseDelayMillis} doubled per extra failure, capped at {@code maxDelayMillis}. With
 * {@code lockoutFailures > 0}, that many failures block the key for {@code lockoutMillis}. A success
 * clears the user's and the source's record. At most {@code maxTracked} keys are remembered (least
 * recently used go first), so a flood of made-up names cannot exhaust memory.
 */
public final class BackoffThrottle implements AuthThrottle {
    private final int freeFailures;
    private final long baseDelayMillis;
    private final long maxDelayMillis;
    private final int lockoutFailures;
    private final long lockoutMillis;
    private final Map<String, Record> records;

    private static final class Record {
        int failures;
        long blockedUntil;
    }

    public BackoffThrottle(int freeFailures, long baseDelayMillis, long maxDelayMillis, int lockoutFailures,
            long lockoutMillis, int maxTracked) {
        this.freeFailures = freeFailures;
        this.baseDelayMillis = baseDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.lockoutFailures = lockoutFailures;
        this.lockoutMillis = lockoutMillis;
        this.records = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
                return size() > maxTracked;
            }
        };
    }

    @Override
    public synchronized Optional<String> refusal(String user, String source, long nowMillis) {
        Optional<String> byUser = blocked("user \"" + user + "\"", records.get("u:" + user), nowMillis);
        return byUser.isPresent() ? byUser : blocked("source " + source, records.get("s:" + source), nowMillis);
    }

    private static Optional<String> blocked(String what, Record r, long nowMillis) {
        if (r == null || nowMillis >= r.blockedUntil) {
            return Optional.empty();
        }
        return Optional.of(what + " blocked for another " + ((r.blockedUntil - nowMillis + 999) / 1000)
                + " s after " + r.failures + " failed logins");
    }

    @Override
    public synchronized void failed(String user, String source, long nowMillis) {
        record("u:" + user, nowMillis);
        record("s:" + source, nowMillis);
    }

    private void record(String key, long nowMillis) {
        Record r = records.computeIfAbsent(key, k -> new Record());
        r.failures++;
        if (lockoutFailures > 0 && r.failures >= lockoutFailures) {
            r.blockedUntil = nowMillis + lockoutMillis;
        } else if (r.failures > freeFailures) {
            int doublings = Math.min(30, r.failures - freeFailures - 1);
            r.blockedUntil = nowMillis + Math.min(maxDelayMillis, baseDelayMillis << doublings);
        }
    }

    @Override
    public synchronized void succeeded(String user, String source, long nowMillis) {
        records.remove("u:" + user);
        records.remove("s:" + source);
    }
}
