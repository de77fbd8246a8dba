package org.certvpn.config;

import java.util.Objects;

/**
 * One finding while loading configuration, pinned to the file and line that caused it.
 *
 * @param severity whether it stops the load
 * @param file the file as the admin named it (or a command-line flag for a missing source)
 * @param line 1-based line, or 0 when the problem concerns the file as a whole
 * @param message one line, naming the option and the reason; never contains a secret
 */
public record ConfigProblem(Severity severity, String file, int line, String message) {

    /** How much a problem matters. */
    public enum Severity {
        /** The configuration cannot be used; the load fails. */
        ERROR,
        /** An option CertVPN does not support; it is skipped and the admin should look. */
        WARNING,
        /** An option that has no effect in a userspace gateway; accepted and ignored, with the reason. */
        NOTICE
    }

    public ConfigProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0");
        }
    }

    /** {@code file:line: message}, or {@code file: message} for whole-file problems. */
    public String location() {
        return line > 0 ? file + ":" + line : file;
    }

    @Override
    public String toString() {
        String level = switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTICE -> "ignored";
        };
        return location() + ": " + level + ": " + message;
    }
}
