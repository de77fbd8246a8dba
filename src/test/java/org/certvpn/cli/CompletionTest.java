package org.certvpn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Bash completion: {@code certvpn generate-completion} prints what the package build writes to
 * /usr/share/bash-completion/completions/certvpn (picocli's AutoComplete on {@link Main}).
 */
class CompletionTest {
    @TempDir
    Path dir;

    private static String generateCompletion() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("generate-completion")).isZero();
        return out.toString();
    }

    @Test
    void subcommandPrintsTheSameScriptAsThePackageBuild() {
        String script = generateCompletion();
        // The package build runs picocli.AutoComplete on org.certvpn.cli.Main, which does exactly this.
        String atBuild = AutoComplete.bash("certvpn", new CommandLine(new Main()));
        assertThat(script.strip()).isEqualTo(atBuild.strip());
        assertThat(script).contains("complete -F _complete_certvpn")
                .contains("serve").contains("config").contains("check").contains("convert")
                .contains("--config").contains("--etc");
    }

    @Test
    void scriptIsValidBashAndCompletesSubcommands() throws Exception {
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "skipped: no /bin/bash");
        Path script = dir.resolve("certvpn");
        Files.writeString(script, generateCompletion());
        // Source the script, then ask the completion function what follows "certvpn con".
        String probe = "source " + script + "\n"
                + "COMP_WORDS=(certvpn con); COMP_CWORD=1; COMP_LINE='certvpn con'; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_certvpn certvpn con certvpn\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder(bash.toString(), "-c", probe).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines()).contains("config");
    }
}
