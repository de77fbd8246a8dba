package org.certvpn.cli;

import java.util.concurrent.Callable;
import org.certvpn.config.GatewayConfig;
import org.certvpn.config.toml.NativeConfigWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code certvpn config check}: validates the configuration (reading every certificate, key and CRL it
 * names) and prints the effective model as a native file with every secret masked. Problems go to
 * stderr as {@code file:line: level: message}; the exit status is 1 when there is an error.
 */
@Command(name = "check", description = "Validate the configuration and print the effective settings, secrets masked.")
final class ConfigCheckCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ConfigSourceOptions source;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GatewayConfig c = ConfigCommand.load(source.sources(), spec.commandLine().getErr());
        spec.commandLine().getOut().print(NativeConfigWriter.write(c, true,
                "Effective configuration (secrets masked), as certvpn reads it."));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
