package org.certvpn.ike;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The readable per-connection trace: one line per step (proposal chosen, peer ID, certificate subject,
 * NAT detected, SPIs, the precise reason for a failure), labelled with the connection. Every line goes to
 * the listener (the gateway keeps them for {@code certvpn trace}); the log gets the milestones at INFO
 * (an SA established or ended, a change the operator should see) and failures at WARNING, while the
 * intermediate steps that a milestone line sums up are logged at DEBUG, so that a connect is a few log lines
 * and its whole story is still one {@code certvpn trace} away. Packet-level detail is a further level, on
 * when the engine is built with a verbose trace or when DEBUG logging is on ({@code serve --debug}).
 */
public final class IkeTrace {
    private static final Logger LOG = System.getLogger("org.certvpn.ike");

    private final IkeListener listener;
    private final boolean verbose;

    public IkeTrace(IkeListener listener, boolean verbose) {
        this.listener = listener;
        this.verbose = verbose || LOG.isLoggable(Level.DEBUG);
    }

    public boolean verbose() {
        return verbose;
    }

    /** A milestone: an SA established, replaced or ended, or a step the operator should see in the log. */
    public void step(String label, String line) {
        LOG.log(Level.INFO, "{0}: {1}", label, line);
        listener.trace(label, line);
    }

    /** A step on the way to a milestone whose line repeats what matters of it: traced, logged at DEBUG. */
    public void progress(String label, String line) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "{0}: {1}", label, line);
        }
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
