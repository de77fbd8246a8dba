package org.certvpn.ike;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The readable per-connection trace: one line per step (proposal chosen, peer ID, certificate subject,
 * NAT detected, SPIs, the precise reason for a failure). Lines go to {@code System.Logger} ("certvpn.ike")
 * and to the listener, labelled with the connection. Packet-level detail is a separate, opt-in level.
 */
public final class IkeTrace {
    private static final Logger LOG = System.getLogger("certvpn.ike");

    private final IkeListener listener;
    private final boolean verbose;

    public IkeTrace(IkeListener listener, boolean verbose) {
        this.listener = listener;
        this.verbose = verbose;
    }

    public boolean verbose() {
        return verbose;
    }

    /** A step in a negotiation. */
    public void step(String label, String line) {
        LOG.log(Level.INFO, "{0}: {1}", label, line);
        listener.trace(label, line);
    }

    /** A failure: the reason a negotiation or an SA ended. */
    public void failure(String label, String line) {
        LOG.log(Level.WARNING, "{0}: {1}", label, line);
        listener.trace(label, line);
    }

    /** Packet-level detail, only when verbose tracing is on. */
    public void detail(String label, String line) {
        if (verbose) {
            LOG.log(Level.DEBUG, "{0}: {1}", label, line);
            listener.trace(label, line);
        }
    }
}
