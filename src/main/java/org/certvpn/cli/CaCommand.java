package org.certvpn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code certvpn ca ...}: the built-in certificate authority, one subcommand per file. */
@Command(
        name = "ca",
        description = {
            "The built-in certificate authority: a root, the gateway's certificate, per-user .p12 files and the CRL.",
            "Commands that sign read the CA passphrase from --passphrase-file, else CERTVPN_CA_PASSPHRASE, else a prompt."
        },
        subcommands = {
            CaInitCommand.class,
            CaServerCommand.class,
            CaClientCommand.class,
            CaBundleCommand.class,
            CaRevokeCommand.class,
            CaCrlCommand.class,
            CaListCommand.class,
            CaExportCommand.class
        })
final class CaCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
