package org.certvpn.bench;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Benchmarks measure the work, not the console: only warnings are logged. */
final class Quiet {
    private Quiet() {}

    static void logging() {
        LogManager.getLogManager().reset();
        Logger.getLogger("").setLevel(Level.WARNING);
    }
}
