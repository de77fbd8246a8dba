package org.certvpn.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The L2TP network server (what xl2tpd's {@code [global]} and {@code [lns default]} said).
 *
 * <p>xl2tpd's {@code require chap}, {@code refuse pap} and {@code require authentication} are not kept
 * here: xl2tpd only passed them on to pppd, and CertVPN does the same, folding them into
 * {@link PppSettings#authMethods()} and {@link PppSettings#requireAuthentication()} at load time.
 *
 * <p>Control-channel reliability: an unacknowledged message is retransmitted first after
 * {@code ctrlRetransDelay}, the interval doubling up to {@code capBackoff}, at most
 * {@code ctrlRetransMax} times; then the tunnel is torn down. The seed's lossy-link values
 * ({@code ctrl retrans delay = 10}, {@code ctrl retrans max = 18}, no cap given) keep a fixed 10 s.
 *
 * @param listenAddress where cleartext test mode listens (inside ESP, L2TP is taken from the SA)
 * @param port the L2TP port (1701)
 * @param hostname the Host Name AVP we send
 * @param pool client addresses, handed out in order
 * @param localIp the gateway's address inside PPP (IPCP)
 * @param lengthBit set the L bit on data messages we send
 * @param tunnelSecret shared secret for tunnel authentication (RFC 2661 §5.1.1); empty for none
 * @param helloDelay idle interval before we send HELLO
 * @param ctrlRetransDelay first retransmission interval
 * @param ctrlRetransMax retransmissions before the tunnel is declared dead (xl2tpd's {@code max retries})
 * @param capBackoff longest retransmission interval
 * @param cleartextTestMode accept L2TP outside ESP on UDP/1701 (for interop tests only; never in production)
 */
public record L2tpSettings(
        InetAddress listenAddress,
        int port,
        String hostname,
        List<AddressRange> pool,
        Inet4Address localIp,
        boolean lengthBit,
        Optional<Secret> tunnelSecret,
        Duration helloDelay,
        Duration ctrlRetransDelay,
        int ctrlRetransMax,
        Duration capBackoff,
        boolean cleartextTestMode) {

    public static final Duration DEFAULT_HELLO_DELAY = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CTRL_RETRANS_DELAY = Duration.ofSeconds(1);
    public static final int DEFAULT_CTRL_RETRANS_MAX = 5;
    public static final Duration DEFAULT_CAP_BACKOFF = Duration.ofSeconds(16);

    public L2tpSettings {
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(hostname, "hostname");
        pool = List.copyOf(pool);
        Objects.requireNonNull(localIp, "localIp");
        Objects.requireNonNull(tunnelSecret, "tunnelSecret");
        Objects.requireNonNull(helloDelay, "helloDelay");
        Objects.requireNonNull(ctrlRetransDelay, "ctrlRetransDelay");
        Objects.requireNonNull(capBackoff, "capBackoff");
    }

    /** Number of addresses in the pool. */
    public long poolSize() {
        return pool.stream().mapToLong(AddressRange::size).sum();
    }
}
