package org.certvpn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code certvpn trace [WHO]}: the story of recent connection attempts. */
@Command(name = "trace", description = "Show recent connection steps and failures, optionally of one user, certificate CN, address or peer.")
final class TraceCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ControlSocketOption socket;

    @Parameters(paramLabel = "WHO", arity = "0..1", description = "User, certificate CN, client or tunnel address.")
    String who = "";

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "At most N lines (default: ${DEFAULT-VALUE}).")
    int lines = 100;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ControlCalls.call(socket.socket, spec.commandLine().getOut(), "trace", who, Integer.toString(lines));
    }
}
