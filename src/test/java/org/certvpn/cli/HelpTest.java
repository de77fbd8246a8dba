package org.certvpn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {

    /** Every command path, e.g. ["ca", "client"], below the top-level command (hidden ones included). */
    private static List<List<String>> commandPaths(CommandLine cli, List<String> prefix, List<List<String>> out) {
        for (var e : cli.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            out.add(path);
            commandPaths(e.getValue(), path, out);
        }
        return out;
    }

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        List<List<String>> paths = commandPaths(Main.commandLine(), List.of(), new ArrayList<>());
        assertThat(paths).extracting(p -> String.join(" ", p))
                .contains("serve", "status", "kick", "trace", "reload", "config check", "ca client", "loadgen");
        for (List<String> path : paths) {
            if (path.getLast().equals("help")) {
                continue; // picocli's own help command prints the usage of its argument instead
            }
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun run = CliRun.run(args.toArray(String[]::new));
            assertThat(run.exit()).as("certvpn %s --help: %s", String.join(" ", path), run.err()).isZero();
            assertThat(run.out()).as("certvpn %s --help", String.join(" ", path))
                    .startsWith("Usage: certvpn " + String.join(" ", path));
        }
    }
}
