package org.certvpn.cli;

import java.nio.file.Path;
import org.certvpn.config.ControlSettings;
import picocli.CommandLine.Option;

/** The {@code --socket} flag of the commands that talk to a running gateway. */
final class ControlSocketOption {
    @Option(names = "--socket", paramLabel = "PATH",
            description = "The gateway's control socket (default: ${DEFAULT-VALUE}).")
    Path socket = ControlSettings.DEFAULT_SOCKET;
}
