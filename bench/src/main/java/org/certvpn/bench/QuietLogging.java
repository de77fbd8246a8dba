package org.certvpn.bench;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Benchmarks measure the work, not the console: only warnings are logged. */
public final class QuietLogging {
    private QuietLogging() {}

    public static void apply() {
        LogManager.getLogManager().reset();
        Logger.getLogger("").setLevel(Level.WARNING);
    }
}
