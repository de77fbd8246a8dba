package org.certvpn.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The gateway's log: one line per event on stderr (journald adds its own timestamps under systemd), or
 * one JSON object per line. {@code --debug} adds the packet-level lines the engines keep behind DEBUG. Lines
 * are written by a thread of their own; when it cannot keep up, lines are dropped and the count is logged.
 */
final class Logging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Held here: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger PROJECT = Logger.getLogger("org.certvpn");

    enum Format { TEXT, JSON }

    private Logging() {}

    static void configure(Format format, boolean debug, PrintStream out) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        // Writes happen on a thread of the handler's own, so that no shard waits for the console; see
        // AsyncLogHandler. It never closes the stream it was given.
        Handler handler = AsyncLogHandler.start(out, AsyncLogHandler.DEFAULT_CAPACITY);
        handler.setLevel(Level.ALL);
        handler.setFormatter(format == Format.JSON ? new Json() : new Text());
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        PROJECT.setLevel(debug ? Level.FINE : Level.INFO);
    }

    private static String level(Level l) {
        if (l.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (l.intValue() >= Level.WARNING.intValue()) {
            return "WARN";
        }
        return l.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }

    private static String padded(String level) {
        return level.length() >= 5 ? level : level + " ".repeat(5 - level.length());
    }

    private static String source(LogRecord r) {
        String name = r.getLoggerName() == null ? "" : r.getLoggerName();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    private static final class Text extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(160);
            sb.append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
                    .append(padded(level(r.getLevel()))).append(' ')
                    .append(source(r)).append(": ").append(formatMessage(r));
            if (r.getThrown() != null) {
                sb.append(" (").append(r.getThrown()).append(')');
            }
            return sb.append('\n').toString();
        }
    }

    private static final class Json extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(200).append('{');
            field(sb, "time", TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(',');
            field(sb, "level", level(r.getLevel())).append(',');
            field(sb, "logger", r.getLoggerName() == null ? "" : r.getLoggerName()).append(',');
            field(sb, "message", formatMessage(r));
            if (r.getThrown() != null) {
                sb.append(',');
                field(sb, "error", r.getThrown().toString());
            }
            return sb.append("}\n").toString();
        }

        private static StringBuilder field(StringBuilder sb, String name, String value) {
            sb.append('"').append(name).append("\":\"");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"');
        }
    }
}
