package org.certvpn.loadgen;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.v1.Ikev1Initiation;
import org.certvpn.ppp.PppClientSettings;

/**
 * What every generated client does.
 *
 * @param server the gateway's IKE address (UDP 500; NAT-T on {@code natTPort})
 * @param sources local addresses the clients' sockets bind to, used in turn (one is enough for up to
 *     about 64,000 clients: each client has a UDP port of its own)
 * @param ike engine settings: our certificate (or none for PSK) and the CA that must have issued the
 *     server's certificate
 * @param ikeOffers Phase 1 transforms in preference order
 * @param espOffers Quick Mode transforms in preference order
 * @param psk the pre-shared key, or null for certificate authentication
 * @param ppp the PPP client (user, password, accepted authentication protocols); a {@code %d} in the
 *     user name is replaced by the client's number
 * @param connectTimeout a client not up by then counts as failed
 * @param natKeepalive how often an established client sends a NAT-T keepalive (RFC 3948 §2.3) to the
 *     server's NAT-T port, as a client behind a NAT does to keep its mapping (Android's racoon: every
 *     20 s); zero sends none
 * @param maxPending at most this many clients of one lane connect at a time; a client due to start waits
 *     for one of them to be up or to fail (closed-loop load: the rate then adapts to what the server and
 *     the generator manage, instead of queueing until connects time out); zero: no limit
 */
public record LoadSettings(
        InetSocketAddress server,
        int natTPort,
        List<InetAddress> sources,
        IkeSettings ike,
        List<Ikev1Initiation.IkeOffer> ikeOffers,
        List<Ikev1Initiation.EspOffer> espOffers,
        byte[] psk,
        PppClientSettings ppp,
        Duration connectTimeout,
        Duration natKeepalive,
        int maxPending) {

    /** Settings whose clients send no NAT-T keepalives. */
    public LoadSettings(InetSocketAddress server, int natTPort, List<InetAddress> sources, IkeSettings ike,
            List<Ikev1Initiation.IkeOffer> ikeOffers, List<Ikev1Initiation.EspOffer> espOffers, byte[] psk,
            PppClientSettings ppp, Duration connectTimeout) {
        this(server, natTPort, sources, ike, ikeOffers, espOffers, psk, ppp, connectTimeout, Duration.ZERO, 0);
    }

    public LoadSettings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(natKeepalive, "natKeepalive");
        if (natKeepalive.isNegative()) {
            throw new IllegalArgumentException("negative NAT-T keepalive interval");
        }
        if (maxPending < 0) {
            throw new IllegalArgumentException("negative pending limit");
        }
        sources = List.copyOf(sources);
        ikeOffers = List.copyOf(ikeOffers);
        espOffers = List.copyOf(espOffers);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source address");
        }
        if (ikeOffers.isEmpty() || espOffers.isEmpty()) {
            throw new IllegalArgumentException("no IKE or ESP offer");
        }
    }

    InetSocketAddress natTServer() {
        return new InetSocketAddress(server.getAddress(), natTPort);
    }

    /** The same settings with NAT-T keepalives every {@code interval} (zero: none). */
    public LoadSettings withNatKeepalive(Duration interval) {
        return new LoadSettings(server, natTPort, sources, ike, ikeOffers, espOffers, psk, ppp, connectTimeout, interval,
                maxPending);
    }

    /** The same settings with at most {@code limit} clients per lane connecting at a time (zero: no limit). */
    public LoadSettings withMaxPending(int limit) {
        return new LoadSettings(server, natTPort, sources, ike, ikeOffers, espOffers, psk, ppp, connectTimeout,
                natKeepalive, limit);
    }

    /** The PPP settings of client {@code n}. */
    PppClientSettings pppFor(int n) {
        String user = ppp.user();
        return user.contains("%d") ? ppp.withUser(user.replace("%d", Integer.toString(n)), ppp.password()) : ppp;
    }
}
