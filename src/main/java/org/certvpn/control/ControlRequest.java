package org.certvpn.control;

import java.util.List;
import java.util.Objects;

/**
 * One command to the running gateway, e.g. {@code status}, {@code kick alice}, {@code reload}.
 *
 * <p>On the wire it is a single line: the command and its arguments separated by TABs. Arguments may
 * contain spaces but no TAB, CR or LF.
 */
public record ControlRequest(String command, List<String> args) {
    static final int MAX_LINE = 4096;

    public ControlRequest {
        Objects.requireNonNull(command, "command");
        args = List.copyOf(args);
        check(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        args.forEach(ControlRequest::check);
    }

    public static ControlRequest of(String command, String... args) {
        return new ControlRequest(command, List.of(args));
    }

    private static void check(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                throw new IllegalArgumentException("control arguments cannot contain TAB, CR or LF");
            }
        }
    }

    String encode() {
        StringBuilder sb = new StringBuilder(command);
        for (String a : args) {
            sb.append('\t').append(a);
        }
        return sb.append('\n').toString();
    }

    static ControlRequest decode(String line) {
        String[] parts = line.split("\t", -1);
        return new ControlRequest(parts[0], List.of(parts).subList(1, parts.length));
    }

    /** The argument at {@code index}, or empty string when absent. */
    public String arg(int index) {
        return index < args.size() ? args.get(index) : "";
    }
}
