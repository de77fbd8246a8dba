package org.certvpn.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Value syntaxes shared by the native and the classic readers. Each throws
 * {@link IllegalArgumentException} with a message fit for a {@code file:line} error.
 */
public final class Values {
    /** Longest duration accepted anywhere (a year): guards against overflow and absurd timers. */
    public static final Duration MAX_DURATION = Duration.ofDays(366);

    private Values() {}

    /** {@code yes/no}, {@code true/false}, {@code on/off}, {@code 1/0}, any case. */
    public static boolean yesNo(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "y", "true", "on", "1" -> true;
            case "no", "n", "false", "off", "0" -> false;
            default -> throw new IllegalArgumentException("expected yes or no, got \"" + text.strip() + "\"");
        };
    }

    /**
     * A duration as ipsec.conf writes it: a number with an optional unit {@code s}, {@code m}, {@code h}
     * or {@code d} (seconds when none); the native file uses the same syntax ({@code "8h"}, {@code "30s"}).
     * Also accepts {@code ms} for sub-second timers.
     */
    public static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        int end = 0;
        while (end < t.length() && Character.isDigit(t.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 12) {
            throw new IllegalArgumentException("not a duration: \"" + text.strip() + "\" (use e.g. 30s, 10m, 8h)");
        }
        long n = Long.parseLong(t.substring(0, end));
        String unit = t.substring(end).strip();
        Duration d = switch (unit) {
            case "", "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
            case "ms" -> Duration.ofMillis(n);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(Math.min(n, 1_000_000_000L));
            case "h", "hour", "hours" -> Duration.ofHours(Math.min(n, 100_000_000L));
            case "d", "day", "days" -> Duration.ofDays(Math.min(n, 10_000_000L));
            default -> throw new IllegalArgumentException("unknown time unit \"" + unit + "\" in \"" + text.strip()
                    + "\" (use s, m, h or d)");
        };
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration \"" + text.strip() + "\" is longer than a year");
        }
        return d;
    }

    /** The shortest text {@link #duration} reads back as the same value. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** A decimal integer within {@code [min, max]}. */
    public static int integer(String text, int min, int max) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 10 || !t.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a number: \"" + t + "\"");
        }
        long v = Long.parseLong(t);
        if (v < min || v > max) {
            throw new IllegalArgumentException(v + " is out of range " + min + ".." + max);
        }
        return (int) v;
    }
}
