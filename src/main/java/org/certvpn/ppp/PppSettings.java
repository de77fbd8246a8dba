package org.certvpn.ppp;

import java.net.Inet4Address;
import java.util.List;
import org.certvpn.ppp.auth.AuthMethod;
import org.certvpn.ppp.auth.BindingPolicy;
import org.certvpn.ppp.fsm.RestartTimers;
import org.certvpn.ppp.lcp.LcpOption;

/**
 * The gateway's PPP settings (what pppd's options file and xl2tpd's lns section said). The gateway
 * maps its configuration onto this record; the engine knows nothing of configuration files.
 *
 * @param hostName our name in CHAP Challenges (xl2tpd's {@code hostname}, pppd's {@code name})
 * @param authMethods methods we require, most preferred first; PAP is allowed only when listed here
 *     (pppd's {@code require-chap}, {@code refuse-pap}, {@code require-mschap-v2}); never empty
 * @param binding the certificate-to-user binding policy
 * @param localAddress the gateway's tunnel address, sent in IPCP (xl2tpd's {@code local ip})
 * @param dns DNS servers handed out through RFC 1877 (pppd's {@code ms-dns}), at most two
 * @param nbns NBNS/WINS servers (pppd's {@code ms-wins}), at most two
 * @param mru our MRU (pppd's {@code mru}); requested only when not 1500
 * @param requestCompression ask the peer for PFC and ACFC toward us (no gain over L2TP; off by default)
 * @param echoIntervalMillis LCP Echo-Request interval ({@code lcp-echo-interval}); 0 disables keepalive
 * @param echoFailure unanswered echoes before the link is declared dead ({@code lcp-echo-failure})
 * @param timers the RFC 1661 restart timer and counters for LCP, IPCP and CHAP
 * @param frameHeadroom free octets left before every control frame handed to the listener
 * @param frameTailroom free octets left after it
 */
public record PppSettings(String hostName, List<AuthMethod> authMethods, BindingPolicy binding,
        Inet4Address localAddress, List<Inet4Address> dns, List<Inet4Address> nbns, int mru,
        boolean requestCompression, long echoIntervalMillis, int echoFailure, RestartTimers timers,
        int frameHeadroom, int frameTailroom) {
    /** Room for IPv4 + UDP + ESP (header and IV) + UDP + L2TP with sequence numbers and offset. */
    public static final int DEFAULT_HEADROOM = 96;
    /** Room for ESP padding, trailer and a 32-octet ICV. */
    public static final int DEFAULT_TAILROOM = 64;

    public PppSettings {
        authMethods = List.copyOf(authMethods);
        dns = List.copyOf(dns);
        nbns = List.copyOf(nbns);
        if (authMethods.isEmpty()) {
            throw new IllegalArgumentException("at least one authentication method is required");
        }
        if (dns.size() > 2 || nbns.size() > 2) {
            throw new IllegalArgumentException("RFC 1877 carries at most two DNS and two NBNS servers");
        }
        if (frameHeadroom < 0 || frameTailroom < 0) {
            throw new IllegalArgumentException("headroom and tailroom cannot be negative");
        }
    }

    /**
     * The seed's setup: MS-CHAPv2 then CHAP-MD5 (require-chap, refuse-pap), binding REQUIRE, no DNS,
     * MRU 1500, keepalive every 30 s with 4 failures, RFC restart defaults.
     */
    public static PppSettings defaults(String hostName, Inet4Address localAddress) {
        return new PppSettings(hostName, List.of(AuthMethod.MSCHAP_V2, AuthMethod.CHAP_MD5), BindingPolicy.REQUIRE,
                localAddress, List.of(), List.of(), LcpOption.DEFAULT_MRU, false, 30_000, 4,
                RestartTimers.RFC_DEFAULTS, DEFAULT_HEADROOM, DEFAULT_TAILROOM);
    }

    public PppSettings withAuthMethods(List<AuthMethod> methods) {
        return new PppSettings(hostName, methods, binding, localAddress, dns, nbns, mru, requestCompression,
                echoIntervalMillis, echoFailure, timers, frameHeadroom, frameTailroom);
    }

    public PppSettings withBinding(BindingPolicy policy) {
        return new PppSettings(hostName, authMethods, policy, localAddress, dns, nbns, mru, requestCompression,
                echoIntervalMillis, echoFailure, timers, frameHeadroom, frameTailroom);
    }

    public PppSettings withServers(List<Inet4Address> dnsServers, List<Inet4Address> nbnsServers) {
        return new PppSettings(hostName, authMethods, binding, localAddress, dnsServers, nbnsServers, mru,
                requestCompression, echoIntervalMillis, echoFailure, timers, frameHeadroom, frameTailroom);
    }

    public PppSettings withEcho(long intervalMillis, int failures) {
        return new PppSettings(hostName, authMethods, binding, localAddress, dns, nbns, mru, requestCompression,
                intervalMillis, failures, timers, frameHeadroom, frameTailroom);
    }

    public PppSettings withMru(int newMru, boolean compression) {
        return new PppSettings(hostName, authMethods, binding, localAddress, dns, nbns, newMru, compression,
                echoIntervalMillis, echoFailure, timers, frameHeadroom, frameTailroom);
    }
}
