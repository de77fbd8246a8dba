package org.certvpn.config;

import java.nio.file.Path;
import java.util.Objects;

/** The local control socket ({@code certvpn status|kick|reload}); created root-only. */
public record ControlSettings(Path socket) {
    public static final Path DEFAULT_SOCKET = Path.of("/run/certvpn/control.sock");

    public ControlSettings {
        Objects.requireNonNull(socket, "socket");
    }
}
