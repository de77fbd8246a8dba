package org.certvpn.ppp;

import java.util.List;
import org.certvpn.ppp.auth.AuthMethod;
import org.certvpn.ppp.fsm.RestartTimers;
import org.certvpn.ppp.lcp.LcpOption;
import org.certvpn.ppp.wire.ConfigOption;

/**
 * How a {@link PppClient} behaves, enough to imitate the clients the gateway meets.
 *
 * @param user the PPP user name (pppd's {@code name})
 * @param password the secret
 * @param acceptAuth methods we agree to authenticate with, most preferred first
 * @param mru our MRU (Android asks 1400)
 * @param requestCompression ask for PFC and ACFC, as Linux pppd and Windows do and Android does not
 * @param extraLcpOptions further LCP options to request (Windows' callback and multilink ones)
 * @param askDns ask for DNS servers (pppd's {@code usepeerdns})
 * @param extraIpcpOptions further IPCP options to request (VJ compression, NBNS)
 * @param extraNcps NCPs to open besides IPCP, e.g. CCP (0x80FD), which the gateway must refuse
 * @param timers restart timer and counters
 * @param echoIntervalMillis LCP echo interval, 0 for none
 * @param echoFailure unanswered echoes before giving up
 */
public record PppClientSettings(String user, String password, List<AuthMethod> acceptAuth, int mru,
        boolean requestCompression, List<ConfigOption> extraLcpOptions, boolean askDns,
        List<ConfigOption> extraIpcpOptions, List<Integer> extraNcps, RestartTimers timers, long echoIntervalMillis,
        int echoFailure) {
    public PppClientSettings {
        acceptAuth = List.copyOf(acceptAuth);
        extraLcpOptions = List.copyOf(extraLcpOptions);
        extraIpcpOptions = List.copyOf(extraIpcpOptions);
        extraNcps = List.copyOf(extraNcps);
    }

    /**
     * Android's pppd as its VPN service starts it: {@code refuse-eap usepeerdns mtu 1400 mru 1400}, built
     * with CHAP-MD5, MS-CHAPv2 and PAP, no PFC/ACFC requested.
     */
    public static PppClientSettings androidLike(String user, String password) {
        return new PppClientSettings(user, password, List.of(AuthMethod.MSCHAP_V2, AuthMethod.CHAP_MD5,
                AuthMethod.PAP), 1400, false, List.of(), true, List.of(), List.of(), RestartTimers.RFC_DEFAULTS, 0,
                4);
    }

    /**
     * Windows' RAS client over L2TP/IPsec: MS-CHAPv2 only; asks for PFC, ACFC, callback (CBCP),
     * multilink MRRU and an endpoint discriminator; asks for VJ compression, DNS and WINS; opens CCP.
     */
    public static PppClientSettings windowsLike(String user, String password) {
        return new PppClientSettings(user, password, List.of(AuthMethod.MSCHAP_V2), LcpOption.DEFAULT_MRU, true,
                List.of(new ConfigOption(LcpOption.CALLBACK, new byte[] {6}),
                        ConfigOption.ofShort(LcpOption.MULTILINK_MRRU, 1614),
                        new ConfigOption(LcpOption.ENDPOINT_DISCRIMINATOR,
                                new byte[] {1, 0x13, 0x37, 0x42, 0x42, 0x00, 0x01})),
                true,
                List.of(new ConfigOption(2, new byte[] {0x00, 0x2D, 0x0F, 0x01}), ConfigOption.ofInt(130, 0),
                        ConfigOption.ofInt(132, 0)),
                List.of(org.certvpn.ppp.wire.PppProtocol.CCP), RestartTimers.RFC_DEFAULTS, 0, 4);
    }

    /** Linux pppd with xl2tpd: CHAP-MD5 or MS-CHAPv2, PFC and ACFC, usepeerdns. */
    public static PppClientSettings linuxLike(String user, String password) {
        return new PppClientSettings(user, password, List.of(AuthMethod.CHAP_MD5, AuthMethod.MSCHAP_V2), 1500, true,
                List.of(), true, List.of(), List.of(), RestartTimers.RFC_DEFAULTS, 0, 4);
    }

    public PppClientSettings withAcceptAuth(List<AuthMethod> methods) {
        return new PppClientSettings(user, password, methods, mru, requestCompression, extraLcpOptions, askDns,
                extraIpcpOptions, extraNcps, timers, echoIntervalMillis, echoFailure);
    }

    public PppClientSettings withUser(String newUser, String newPassword) {
        return new PppClientSettings(newUser, newPassword, acceptAuth, mru, requestCompression, extraLcpOptions,
                askDns, extraIpcpOptions, extraNcps, timers, echoIntervalMillis, echoFailure);
    }
}
