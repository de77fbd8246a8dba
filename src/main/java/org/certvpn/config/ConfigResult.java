package org.certvpn.config;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one load: a complete model with its warnings, or the errors (and warnings) and no model.
 * There is no third state, so a reload that fails leaves the caller's current model untouched.
 */
public sealed interface ConfigResult {

    /** Warnings and notices, to be logged either way. */
    List<ConfigProblem> warnings();

    record Loaded(GatewayConfig config, List<ConfigProblem> warnings) implements ConfigResult {
        public Loaded {
            Objects.requireNonNull(config, "config");
            warnings = List.copyOf(warnings);
        }
    }

    record Failed(List<ConfigProblem> errors, List<ConfigProblem> warnings) implements ConfigResult {
        public Failed {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a failed load has at least one error");
            }
        }
    }
}
