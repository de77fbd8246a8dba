package org.certvpn.control;

import java.util.List;

/**
 * The gateway's answer: lines of text for the operator, and whether the command succeeded.
 *
 * <p>On the wire each line is sent as {@code "| " + line}, then a final {@code OK} or
 * {@code ERR <message>} line, so that a person can talk to the socket with {@code socat} too.
 */
public record ControlResponse(boolean ok, List<String> lines, String error) {
    public ControlResponse {
        lines = List.copyOf(lines);
        error = error == null ? "" : error;
    }

    public static ControlResponse ok(List<String> lines) {
        return new ControlResponse(true, lines, "");
    }

    public static ControlResponse ok(String... lines) {
        return ok(List.of(lines));
    }

    public static ControlResponse error(String message) {
        return new ControlResponse(false, List.of(), message);
    }
}
