package org.certvpn.config;

import java.util.Optional;
import org.certvpn.config.classic.ClassicLoader;
import org.certvpn.config.toml.NativeConfigReader;

/**
 * The one entry point for reading configuration, at start and on reload. Certificates, keys and CRLs
 * are read here too, so every problem a file can cause shows up now, with its file:line.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    public static ConfigResult load(ConfigSources sources) {
        Problems problems = new Problems();
        Optional<GatewayConfig> config;
        try {
            config = switch (sources) {
                case ConfigSources.Native n -> NativeConfigReader.load(n.file(), problems);
                case ConfigSources.Classic c -> ClassicLoader.load(c.files(), problems);
            };
        } catch (RuntimeException e) {
            // A bug must not leave a half-built model behind; report it like any other error.
            problems.error(describe(sources), 0, "internal error while loading configuration: " + e);
            config = Optional.empty();
        }
        if (problems.hasErrors() || config.isEmpty()) {
            if (!problems.hasErrors()) {
                problems.error(describe(sources), 0, "configuration could not be loaded");
            }
            return new ConfigResult.Failed(problems.errors(), problems.warnings());
        }
        return new ConfigResult.Loaded(config.get(), problems.warnings());
    }

    private static String describe(ConfigSources sources) {
        return switch (sources) {
            case ConfigSources.Native n -> n.file().toString();
            case ConfigSources.Classic c -> c.files().etcDir().map(Object::toString).orElse("classic configuration");
        };
    }
}
