package org.certvpn.loadgen;

import org.certvpn.esp.EspSaPair;
import org.certvpn.l2tp.L2tpSession;
import org.certvpn.ppp.PppClient;

/**
 * What the data-path benchmark needs of a connected load-generator client: its SA pair, L2TP session and
 * PPP client, to play the client's half of the data path on the benchmark's own thread.
 */
public record BenchClient(EspSaPair sa, L2tpSession session, PppClient ppp, int address) {
    /** The first client of {@code g} that is up. */
    public static BenchClient firstUp(LoadGenerator g) {
        for (LoadClient c : g.clients()) {
            if (c.state() == LoadClient.State.UP) {
                return new BenchClient(c.sa(), c.session(), c.ppp(), c.address());
            }
        }
        throw new IllegalStateException("no client is up");
    }
}
