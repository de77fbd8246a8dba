package org.certvpn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code certvpn kick USER|ADDRESS}: end sessions cleanly. */
@Command(name = "kick", description = "End the sessions of a PPP user or tunnel address cleanly (LCP Terminate, CDN, StopCCN, IKE DELETE).")
final class KickCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ControlSocketOption socket;

    @Parameters(paramLabel = "USER|ADDRESS", description = "PPP user name or tunnel address.")
    String who;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ControlCalls.call(socket.socket, spec.commandLine().getOut(), "kick", who);
    }
}
