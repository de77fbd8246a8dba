package org.certvpn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code certvpn status}: the sessions of the running gateway. */
@Command(name = "status", description = "List the running gateway's sessions: user, address, outer address, since, bytes, idle, certificate.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ControlSocketOption socket;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ControlCalls.call(socket.socket, spec.commandLine().getOut(), "status");
    }
}
