package org.certvpn.gateway.host;

/** How an external command ended: its exit status and what it printed. */
public record CommandResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** The first non-blank line of stderr (or stdout), for one-line error messages. */
    public String firstErrorLine() {
        for (String text : new String[] {stderr, stdout}) {
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    return line.strip();
                }
            }
        }
        return "exit status " + exitCode;
    }
}
