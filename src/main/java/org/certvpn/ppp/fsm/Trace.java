package org.certvpn.ppp.fsm;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Readable trace lines for one PPP link, each prefixed with the link's label ("ppp[t3/s7]"). */
public final class Trace {
    private static final Logger LOG = System.getLogger("org.certvpn.ppp");
    private final String prefix;

    public Trace(String label) {
        this.prefix = label + ": ";
    }

    public boolean debugEnabled() {
        return LOG.isLoggable(Level.DEBUG);
    }

    public void debug(String format, Object... args) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, prefix + String.format(format, args));
        }
    }

    public void info(String format, Object... args) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, prefix + String.format(format, args));
        }
    }

    public void warning(String format, Object... args) {
        if (LOG.isLoggable(Level.WARNING)) {
            LOG.log(Level.WARNING, prefix + String.format(format, args));
        }
    }
}
