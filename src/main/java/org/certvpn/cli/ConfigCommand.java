package org.certvpn.cli;

import java.io.PrintWriter;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigProblem;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/** {@code certvpn config}: check or convert configuration; the work is in its subcommands. */
@Command(name = "config", description = "Check or convert the gateway configuration.",
        subcommands = {ConfigCheckCommand.class, ConfigConvertCommand.class})
final class ConfigCommand implements Runnable {
    @Mixin
    HelpOption help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Loads, printing warnings (and errors) to {@code err}; throws a one-line failure when the load fails. */
    static GatewayConfig load(ConfigSources sources, PrintWriter err) {
        ConfigResult r = ConfigLoader.load(sources);
        for (ConfigProblem w : r.warnings()) {
            err.println(w);
        }
        if (r instanceof ConfigResult.Failed f) {
            for (ConfigProblem e : f.errors()) {
                err.println(e);
            }
            err.flush();
            throw new CliException("configuration has " + f.errors().size() + " error" + (f.errors().size() == 1 ? "" : "s"));
        }
        err.flush();
        return ((ConfigResult.Loaded) r).config();
    }
}
