package org.certvpn.ppp.lcp;

import java.util.List;
import org.certvpn.ppp.auth.AuthMethod;
import org.certvpn.ppp.wire.ConfigOption;

/**
 * What one side of the link asks for and accepts in LCP.
 *
 * @param mru our Maximum-Receive-Unit; requested only when it differs from 1500
 * @param requireAuth methods we require the peer to authenticate with, most preferred first (the
 *     authenticator); empty on the client side
 * @param acceptAuth methods we agree to authenticate ourselves with, most preferred first (the client);
 *     empty on the authenticator, which never authenticates itself to peers
 * @param requestMagic whether we send a Magic-Number (loop detection, echo)
 * @param requestPfc whether we ask the peer to compress protocol fields toward us
 * @param requestAcfc whether we ask the peer to omit address/control toward us
 * @param extraOptions further options to request verbatim (tests use it to act like clients that ask
 *     for what the gateway refuses); dropped when the peer rejects or naks them
 * @param echoIntervalMillis time between LCP Echo-Requests in the Opened state; 0 disables keepalive
 * @param echoFailure unanswered Echo-Requests after which the link is declared dead
 */
public record LcpConfig(int mru, List<AuthMethod> requireAuth, List<AuthMethod> acceptAuth, boolean requestMagic,
        boolean requestPfc, boolean requestAcfc, List<ConfigOption> extraOptions, long echoIntervalMillis,
        int echoFailure) {
    public LcpConfig {
        if (mru < LcpOption.MIN_MRU || mru > 65535) {
            throw new IllegalArgumentException("MRU must be within " + LcpOption.MIN_MRU + "..65535: " + mru);
        }
        if (echoIntervalMillis < 0 || echoFailure < 1) {
            throw new IllegalArgumentException("echo interval must be >= 0 and echo failure >= 1");
        }
        requireAuth = List.copyOf(requireAuth);
        acceptAuth = List.copyOf(acceptAuth);
        extraOptions = List.copyOf(extraOptions);
    }
}
