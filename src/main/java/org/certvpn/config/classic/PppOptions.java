package org.certvpn.config.classic;

import java.util.List;
import java.util.Objects;

/** A parsed pppd options file: the options in order, each with its arguments and line. */
public record PppOptions(List<Option> options) {
    public PppOptions {
        options = List.copyOf(options);
    }

    /**
     * One option.
     *
     * @param name the option word ({@code ms-dns}, {@code +mschap-v2}, ...)
     * @param args its arguments (for {@code ms-dns 192.0.2.53}: the address)
     * @param known whether pppd's option table has it; unknown options have no arguments
     */
    public record Option(String name, List<String> args, boolean known, String file, int line) {
        public Option {
            Objects.requireNonNull(name, "name");
            args = List.copyOf(args);
            Objects.requireNonNull(file, "file");
        }

        public String arg() {
            return args.isEmpty() ? "" : args.getFirst();
        }
    }
}
