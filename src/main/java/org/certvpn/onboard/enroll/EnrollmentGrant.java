package org.certvpn.onboard.enroll;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The permission behind one enrollment link: an unguessable token, valid until an expiry time, used
 * up by the first download that carries the private key (the {@code .p12}, the profile or the zip).
 * The page and the CA certificate alone may be fetched any number of times before that, so a link
 * preview or a look at the fingerprint does not spend it.
 *
 * <p>No I/O and no clock of its own: the caller passes the time. After the link ends (used or
 * expired) the server answers for {@code linger} more, so a late visitor reads why instead of a
 * connection error, then {@link #finished} says to stop.
 */
public final class EnrollmentGrant {
    private static final Logger LOG = System.getLogger(EnrollmentGrant.class.getName());
    /** 128 bits: guessing is hopeless within any lifetime of a link. */
    static final int TOKEN_BYTES = 16;
    static final int TOKEN_LENGTH = 22; // base64url of 16 bytes without padding

    /** Where a link stands. */
    public enum State {
        /** Usable. */
        OPEN,
        /** The key was downloaded once; nothing more is handed out. */
        SPENT,
        /** The time ran out before the key was downloaded. */
        EXPIRED
    }

    /** The answer to a request. */
    public sealed interface Decision {
        /** Go ahead. */
        record Allowed() implements Decision {}

        /** Refused because the link is used up or expired, since {@code at}. */
        record Refused(State state, Instant at) implements Decision {}
    }

    private final String token;
    private final byte[] tokenBytes;
    private final Instant expiresAt;
    private final Duration linger;
    private State state = State.OPEN;
    private Instant endedAt;
    private String spentBy = "";

    private EnrollmentGrant(String token, Instant expiresAt, Duration linger) {
        this.token = token;
        this.tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
        this.expiresAt = expiresAt;
        this.linger = linger;
    }

    /** A new link valid from {@code now} for {@code ttl}. */
    public static EnrollmentGrant issue(SecureRandom random, Instant now, Duration ttl, Duration linger) {
        Objects.requireNonNull(random, "random");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the link's lifetime must be positive");
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative");
        }
        byte[] b = new byte[TOKEN_BYTES];
        random.nextBytes(b);
        return new EnrollmentGrant(Base64.getUrlEncoder().withoutPadding().encodeToString(b), now.plus(ttl), linger);
    }

    /** The token for the URL: 22 characters of base64url. */
    public String token() {
        return token;
    }

    /** Compares in constant time, so response timing tells nothing about how close a guess was. */
    public boolean tokenMatches(String candidate) {
        return candidate != null && MessageDigest.isEqual(tokenBytes, candidate.getBytes(StandardCharsets.US_ASCII));
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public synchronized State state(Instant now) {
        update(now);
        return state;
    }

    /** Who used the link up (the address the download came from), once it is spent. */
    public synchronized Optional<String> spentBy() {
        return state == State.SPENT ? Optional.of(spentBy) : Optional.empty();
    }

    /** May the page (or the CA certificate alone) be shown? */
    public synchronized Decision view(Instant now) {
        update(now);
        return state == State.OPEN ? new Decision.Allowed() : new Decision.Refused(state, endedAt);
    }

    /**
     * May a file be downloaded? A file carrying the key spends the link in the same step, so two
     * concurrent requests can never both get it.
     */
    public synchronized Decision download(boolean carriesKey, Instant now, String peer) {
        update(now);
        if (state != State.OPEN) {
            return new Decision.Refused(state, endedAt);
        }
        if (carriesKey) {
            spentBy = peer;
            endedAt = now;
            transition(State.SPENT, "key downloaded by " + peer);
        }
        return new Decision.Allowed();
    }

    /** True when the link has ended and the linger time after it has passed: stop serving. */
    public synchronized boolean finished(Instant now) {
        update(now);
        return state != State.OPEN && !now.isBefore(endedAt.plus(linger));
    }

    private void update(Instant now) {
        if (state == State.OPEN && !now.isBefore(expiresAt)) {
            endedAt = expiresAt;
            transition(State.EXPIRED, "lifetime over at " + expiresAt);
        }
    }

    private void transition(State to, String why) {
        LOG.log(Level.DEBUG, "enrollment link " + state + " -> " + to + ", " + why);
        state = to;
    }

    @Override
    public String toString() {
        return "EnrollmentGrant[" + state + ", expires " + expiresAt + "]"; // never the token
    }
}
