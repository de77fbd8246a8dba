package org.certvpn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs the gateway. Until the protocol engines are joined, it says so and exits without serving. */
@Command(name = "serve", description = "Run the gateway (not yet available: the protocol engines are being built).")
final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("certvpn serve: not available yet: IKE, ESP, L2TP and PPP are not joined into a gateway in this build.");
        System.err.println("See README.md for what works today.");
        return 2;
    }
}
