package org.certvpn.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help}, mixed into every subcommand so that each one explains itself. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
