package org.certvpn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code certvpn} command line, with its exit code and output. */
record CliRun(int exit, String out, String err) {
    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** Error output as the admin sees it: exactly one line. */
    boolean oneErrorLine() {
        return err.endsWith("\n") && err.indexOf('\n') == err.length() - 1;
    }
}
