package org.certvpn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.certvpn.control.ControlClient;
import org.certvpn.control.ControlException;
import org.certvpn.control.ControlRequest;
import org.certvpn.control.ControlResponse;

/** Runs one control command and prints its answer: lines to stdout, a failure as one line and exit 1. */
final class ControlCalls {
    private ControlCalls() {}

    static int call(Path socket, PrintWriter out, String command, String... args) {
        ControlResponse r;
        try {
            r = ControlClient.call(socket, ControlRequest.of(command, args));
        } catch (ControlException e) {
            throw new CliException(e.getMessage());
        }
        r.lines().forEach(out::println);
        out.flush();
        if (!r.ok()) {
            throw new CliException(r.error());
        }
        return 0;
    }
}
