package org.certvpn.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code certvpn} command: one subcommand per file in this package. */
@Command(
        name = "certvpn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "L2TP/IPsec VPN gateway for per-user X.509 certificates.",
        subcommands = {
            ServeCommand.class,
            StatusCommand.class,
            KickCommand.class,
            TraceCommand.class,
            ReloadCommand.class,
            CaCommand.class,
            EnrollCommand.class,
            ConfigCommand.class,
            LoadgenCommand.class,
            AutoComplete.GenerateCompletion.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new OneLineErrors());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
