package org.certvpn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code certvpn reload}: re-read users, CRLs and configuration without dropping sessions. */
@Command(name = "reload", description = "Re-read users, CRLs and configuration without dropping sessions; a broken file keeps the running configuration.")
final class ReloadCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ControlSocketOption socket;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ControlCalls.call(socket.socket, spec.commandLine().getOut(), "reload");
    }
}
