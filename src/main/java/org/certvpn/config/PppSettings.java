package org.certvpn.config;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * PPP inside each L2TP session (what pppd's options file said).
 *
 * @param name our name as authenticator (pppd {@code name}); chap-secrets lines whose server column is
 *     neither {@code *} nor this name do not apply
 * @param requireAuthentication require the client to authenticate (pppd {@code auth})
 * @param authMethods acceptable methods, in the order we request them; empty exactly when
 *     authentication is not required
 * @param dns DNS servers sent in IPCP (RFC 1877), at most two
 * @param wins WINS servers sent in IPCP, at most two
 * @param mtu largest packet we send to the client
 * @param mru largest packet we accept from the client (LCP MRU)
 * @param lcpEchoInterval interval of LCP echo requests to an idle client; zero disables them
 * @param lcpEchoFailure unanswered echoes before the session is declared dead
 */
public record PppSettings(
        String name,
        boolean requireAuthentication,
        List<PppAuthMethod> authMethods,
        List<Inet4Address> dns,
        List<Inet4Address> wins,
        int mtu,
        int mru,
        Duration lcpEchoInterval,
        int lcpEchoFailure) {

    public static final List<PppAuthMethod> DEFAULT_AUTH = List.of(PppAuthMethod.MSCHAP_V2, PppAuthMethod.CHAP_MD5);
    public static final int DEFAULT_MTU = 1280;
    public static final Duration DEFAULT_LCP_ECHO_INTERVAL = Duration.ofSeconds(30);
    public static final int DEFAULT_LCP_ECHO_FAILURE = 4;

    public PppSettings {
        Objects.requireNonNull(name, "name");
        authMethods = List.copyOf(authMethods);
        dns = List.copyOf(dns);
        wins = List.copyOf(wins);
        Objects.requireNonNull(lcpEchoInterval, "lcpEchoInterval");
    }
}
