package org.certvpn.gateway;

/**
 * Something on a shard with timers of its own: an engine or a session. The shard asks when it next needs
 * attention and calls {@link #onTimer} at or after that time.
 */
interface Timed {
    /** Absolute monotonic milliseconds, or {@link Long#MAX_VALUE} for never. */
    long nextDeadline();

    void onTimer(long nowMillis);
}
