package org.certvpn.common;

/**
 * Decides which occurrences of a recurring event get a log line: the first one, then at most one per
 * interval, each telling how many were kept silent since the previous line. Refusals under a flood
 * (a limit reached, a throttled login) are logged this way, so an attacker cannot turn every packet into a
 * log line, while counters still count every one.
 *
 * <p>The caller passes the time (monotonic milliseconds), so engines stay free of clocks. Thread-safe.
 */
public final class OncePerInterval {
    /** What {@link #check} returns for an occurrence that stays silent. */
    public static final long SILENT = -1;

    private final long intervalMillis;
    private boolean logged;
    private long lastLogged;
    private long silenced;

    public OncePerInterval(long intervalMillis) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.intervalMillis = intervalMillis;
    }

    /**
     * Records one occurrence at {@code nowMillis}.
     *
     * @return {@link #SILENT} when it must not be logged; otherwise how many occurrences were silenced
     *     since the last one logged (0 for the first)
     */
    public synchronized long check(long nowMillis) {
        if (logged && nowMillis - lastLogged < intervalMillis) {
            silenced++;
            return SILENT;
        }
        long n = silenced;
        logged = true;
        lastLogged = nowMillis;
        silenced = 0;
        return n;
    }

    /** The text to append to a logged line: empty, or how many more there were and over what time. */
    public String suffix(long silencedBefore) {
        return silencedBefore <= 0 ? ""
                : " (and " + silencedBefore + " more like it in the last " + (intervalMillis + 999) / 1000
                        + " s or so, not logged)";
    }
}
