package org.certvpn.config;

import java.nio.file.Path;
import java.util.Objects;
import org.certvpn.config.classic.ClassicSources;

/** Where configuration comes from: the native TOML file, or the classic openswan/xl2tpd/pppd files. */
public sealed interface ConfigSources {

    /** The native file ({@code --config FILE}). */
    record Native(Path file) implements ConfigSources {
        public Native {
            Objects.requireNonNull(file, "file");
        }
    }

    /** The classic files ({@code --etc DIR} and/or per-file paths). */
    record Classic(ClassicSources files) implements ConfigSources {
        public Classic {
            Objects.requireNonNull(files, "files");
        }
    }
}
