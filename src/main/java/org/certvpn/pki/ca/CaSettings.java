package org.certvpn.pki.ca;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link CaStore} takes from its surroundings: the wall clock for validity periods and CRL
 * times, the randomness for keys, serials and passwords, and how long to wait for another command
 * holding the store's lock.
 */
public record CaSettings(Clock clock, SecureRandom random, Duration lockWait) {
    public CaSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(lockWait, "lockWait");
    }

    /** The system clock, a fresh {@link SecureRandom}, and up to 10 s waiting for the lock. */
    public static CaSettings defaults() {
        return new CaSettings(Clock.systemUTC(), new SecureRandom(), Duration.ofSeconds(10));
    }
}
