package org.certvpn.l2tp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an L2TP engine (LNS or LAC) is configured with. The gateway maps the configuration
 * model onto this record; the engines know nothing of configuration files.
 *
 * <h2>Retransmission (RFC 2661 §5.8), precisely</h2>
 * A control message is put on the wire at most {@code maxRetries} times, the first send included
 * (xl2tpd counts the same way: its {@code max retries = 5} means five transmissions). After the
 * k-th transmission the channel waits
 * <pre>  interval(k) = min(retransmitDelay * 2^(k-1), max(backoffCap, retransmitDelay))</pre>
 * for an acknowledgement, then sends again; when the wait after the last transmission ends
 * without an acknowledgement the tunnel is torn down. The configuration names map as follows:
 * {@code ctrl retrans delay} is {@code retransmitDelay}, {@code cap backoff} is
 * {@code backoffCap}, and both {@code ctrl retrans max} (the 2011 patch) and {@code max retries}
 * (upstream xl2tpd) set {@code maxRetries}.
 *
 * <p>With the defaults (1 s, cap 16 s, 5) a message goes out at 0, 1, 3, 7 and 15 s and the
 * tunnel dies at 31 s, exactly what xl2tpd 1.3 does. With the seed's values (10 s, 18) and the
 * default cap, transmissions are at 0, 10, 26, 42, ... 266 s and the tunnel survives 282 s without
 * an answer; with {@code cap backoff = 10} it is the patched xl2tpd's fixed 10 s and 180 s.
 *
 * <h2>HELLO</h2>
 * When nothing (control or data) has been received from the peer for {@code helloInterval} and no
 * control message is outstanding, a HELLO is sent; it is retransmitted like any other message, so
 * an unanswered HELLO tears the tunnel down after the retransmission budget. Zero disables HELLO.
 *
 * @param hostName                 Host Name AVP we send (the LNS's {@code hostname})
 * @param vendorName               Vendor Name AVP we send
 * @param firmwareRevision         Firmware Revision AVP we send
 * @param receiveWindow            our Receive Window Size (how many out-of-order control messages
 *                                 we buffer, and the RWS AVP we advertise)
 * @param helloInterval            {@code hello delay}: idle time before a HELLO
 * @param retransmitDelay          {@code ctrl retrans delay}: wait after the first transmission
 * @param backoffCap               {@code cap backoff}: the longest wait between transmissions
 * @param maxRetries               transmissions of one control message, the first included
 * @param secret                   tunnel secret for Challenge/Response and hidden AVPs; empty for none
 * @param challengePeer            the LNS sends a Challenge in SCCRP (needs a secret)
 * @param requireChallengeResponse the LNS tears a tunnel down when the peer does not answer our
 *                                 Challenge; off by default because some Android builds never do
 * @param lengthBit                set the L bit (Length field) on data messages we send
 * @param hideAvps                 hide the AVPs RFC 2661 allows to be hidden (needs a secret)
 * @param processOnlyWhenAcknowledged mtpd's rule: a new control message from the peer is handled
 *                                 only once our own last message was acknowledged (LAC emulation)
 * @param setupTimeout             how long a tunnel may take to become established, and a session
 *                                 to get from its first message to established, before it is
 *                                 cleared (StopCCN / CDN); half-open setups would otherwise stay
 */
public record L2tpSettings(
        String hostName,
        String vendorName,
        int firmwareRevision,
        int receiveWindow,
        Duration helloInterval,
        Duration retransmitDelay,
        Duration backoffCap,
        int maxRetries,
        String secret,
        boolean challengePeer,
        boolean requireChallengeResponse,
        boolean lengthBit,
        boolean hideAvps,
        boolean processOnlyWhenAcknowledged,
        Duration setupTimeout) {

    /** xl2tpd's HELLO interval (fixed in its source). */
    public static final Duration XL2TPD_HELLO = Duration.ofSeconds(60);
    /** xl2tpd's first retransmission wait. */
    public static final Duration XL2TPD_RETRANSMIT_DELAY = Duration.ofSeconds(1);
    /** Largest wait xl2tpd reaches with its default retries (1, 2, 4, 8, 16 s). */
    public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofSeconds(16);
    /** xl2tpd's {@code max retries} default. */
    public static final int XL2TPD_MAX_RETRIES = 5;
    /** xl2tpd's default tunnel receive window. */
    public static final int XL2TPD_RECEIVE_WINDOW = 4;
    /** Time allowed for a tunnel or session to come up (accel-ppp uses the same 60 s). */
    public static final Duration DEFAULT_SETUP_TIMEOUT = Duration.ofSeconds(60);

    public L2tpSettings {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(vendorName, "vendorName");
        Objects.requireNonNull(helloInterval, "helloInterval");
        Objects.requireNonNull(retransmitDelay, "retransmitDelay");
        Objects.requireNonNull(backoffCap, "backoffCap");
        Objects.requireNonNull(setupTimeout, "setupTimeout");
        secret = secret == null ? "" : secret;
        if (hostName.isEmpty() || hostName.length() > 1000) {
            throw new IllegalArgumentException("host name must be 1 to 1000 characters");
        }
        if (receiveWindow < 1 || receiveWindow > 0x7FFF) {
            throw new IllegalArgumentException("receive window must be 1..32767");
        }
        if (maxRetries < 1) {
            throw new IllegalArgumentException("max retries must be at least 1 (the first transmission)");
        }
        if (retransmitDelay.toMillis() < 1 || backoffCap.isNegative() || helloInterval.isNegative()
                || setupTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("timers must be positive");
        }
        if ((challengePeer || hideAvps) && secret.isEmpty()) {
            throw new IllegalArgumentException("challenge and hidden AVPs need a tunnel secret");
        }
        if (firmwareRevision < 0 || firmwareRevision > 0xFFFF) {
            throw new IllegalArgumentException("firmware revision is 16 bits");
        }
    }

    /** An LNS that behaves like xl2tpd 1.3 with its defaults. */
    public static L2tpSettings defaults() {
        return new L2tpSettings("certvpn", "CertVPN", 0x0100, XL2TPD_RECEIVE_WINDOW, XL2TPD_HELLO,
                XL2TPD_RETRANSMIT_DELAY, DEFAULT_BACKOFF_CAP, XL2TPD_MAX_RETRIES, "", false, false, false, false, false,
                DEFAULT_SETUP_TIMEOUT);
    }

    /**
     * A LAC that behaves like Android's mtpd: Host Name "anonymous", receive window 1, the
     * process-only-when-acknowledged rule, retransmission every 2 s without back-off and without
     * giving up, and no HELLO of its own.
     */
    public static L2tpSettings androidLac() {
        return new L2tpSettings("anonymous", "", 0, 1, Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(2),
                Integer.MAX_VALUE, "", false, false, false, false, true, DEFAULT_SETUP_TIMEOUT);
    }

    public L2tpSettings withHostName(String v) {
        return new L2tpSettings(v, vendorName, firmwareRevision, receiveWindow, helloInterval, retransmitDelay,
                backoffCap, maxRetries, secret, challengePeer, requireChallengeResponse, lengthBit, hideAvps,
                processOnlyWhenAcknowledged, setupTimeout);
    }

    public L2tpSettings withReceiveWindow(int v) {
        return new L2tpSettings(hostName, vendorName, firmwareRevision, v, helloInterval, retransmitDelay,
                backoffCap, maxRetries, secret, challengePeer, requireChallengeResponse, lengthBit, hideAvps,
                processOnlyWhenAcknowledged, setupTimeout);
    }

    public L2tpSettings withHelloInterval(Duration v) {
        return new L2tpSettings(hostName, vendorName, firmwareRevision, receiveWindow, v, retransmitDelay,
                backoffCap, maxRetries, secret, challengePeer, requireChallengeResponse, lengthBit, hideAvps,
                processOnlyWhenAcknowledged, setupTimeout);
    }

    /** Sets {@code ctrl retrans delay}, {@code cap backoff} and {@code max retries} together. */
    public L2tpSettings withRetransmission(Duration delay, Duration cap, int retries) {
        return new L2tpSettings(hostName, vendorName, firmwareRevision, receiveWindow, helloInterval, delay,
                cap, retries, secret, challengePeer, requireChallengeResponse, lengthBit, hideAvps,
                processOnlyWhenAcknowledged, setupTimeout);
    }

    /** The 2011 setup's values: hello 300 s, retransmit delay 10 s, 18 transmissions, default cap. */
    public L2tpSettings withSeedTimers() {
        return withHelloInterval(Duration.ofSeconds(300))
                .withRetransmission(Duration.ofSeconds(10), DEFAULT_BACKOFF_CAP, 18);
    }

    /** A tunnel secret, with whether we challenge the peer and insist on its answer. */
    public L2tpSettings withSecret(String v, boolean challenge, boolean requireResponse) {
        return new L2tpSettings(hostName, vendorName, firmwareRevision, receiveWindow, helloInterval, retransmitDelay,
                backoffCap, maxRetries, v, challenge, requireResponse, lengthBit, hideAvps && !v.isEmpty(),
                processOnlyWhenAcknowledged, setupTimeout);
    }

    public L2tpSettings withLengthBit(boolean v) {
        return new L2tpSettings(hostName, vendorName, firmwareRevision, receiveWindow, helloInterval, retransmitDelay,
                backoffCap, maxRetries, secret, challengePeer, requireChallengeResponse, v, hideAvps,
                processOnlyWhenAcknowledged, setupTimeout);
    }

    public L2tpSettings withHiddenAvps(boolean v) {
        return new L2tpSettings(hostName, vendorName, firmwareRevision, receiveWindow, helloInterval, retransmitDelay,
                backoffCap, maxRetries, secret, challengePeer, requireChallengeResponse, lengthBit, v,
                processOnlyWhenAcknowledged, setupTimeout);
    }

    public L2tpSettings withSetupTimeout(Duration v) {
        return new L2tpSettings(hostName, vendorName, firmwareRevision, receiveWindow, helloInterval, retransmitDelay,
                backoffCap, maxRetries, secret, challengePeer, requireChallengeResponse, lengthBit, hideAvps,
                processOnlyWhenAcknowledged, v);
    }

    /** The tunnel secret as octets, or null when none is configured. */
    public byte[] secretBytes() {
        return secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Milliseconds to wait after the {@code transmissions}-th transmission of a message (1-based). */
    public long retransmitIntervalMillis(int transmissions) {
        long delay = retransmitDelay.toMillis();
        long cap = Math.max(backoffCap.toMillis(), delay);
        int shift = Math.min(Math.max(transmissions - 1, 0), 40);
        long doubled = delay << shift;
        return doubled <= 0 || doubled > cap || (doubled >> shift) != delay ? cap : doubled;
    }

    /**
     * How long after its first transmission an unacknowledged message makes the tunnel give up:
     * the sum of the waits after each of the {@code maxRetries} transmissions.
     */
    public Duration giveUpAfter() {
        long cap = Math.max(backoffCap.toMillis(), retransmitDelay.toMillis());
        long limit = Duration.ofDays(365).toMillis();
        long total = 0;
        for (int k = 1; k <= maxRetries; k++) {
            long wait = retransmitIntervalMillis(k);
            if (wait == cap) {
                long rest = maxRetries - k + 1L;
                total = rest > (limit - total) / cap ? limit : total + rest * cap;
                break;
            }
            total += wait;
        }
        return Duration.ofMillis(Math.min(total, limit));
    }

    @Override
    public String toString() {
        return "L2tpSettings[hostName=" + hostName + ", window=" + receiveWindow + ", hello=" + helloInterval
                + ", retransmit=" + retransmitDelay + "/cap " + backoffCap + "/max " + maxRetries
                + ", secret=" + (secret.isEmpty() ? "none" : "set") + ", challenge=" + challengePeer
                + ", lengthBit=" + lengthBit + ", hidden=" + hideAvps + "]";
    }
}
