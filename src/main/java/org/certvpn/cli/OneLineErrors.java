package org.certvpn.cli;

import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one line on stderr and exit status 1. Commands report
 * expected failures themselves with {@link CliException}; anything else is a bug and also gets a stack
 * trace when {@code CERTVPN_DEBUG} is set.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName();
        if (e instanceof CliException cli) {
            cmd.getErr().println(name + ": " + cli.getMessage());
            return cli.exitCode();
        }
        cmd.getErr().println(name + ": unexpected error: " + e);
        if (System.getenv("CERTVPN_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        return 1;
    }
}
