package org.certvpn.gateway;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The readable story of recent connection attempts: one line per step (proposal chosen, peer ID and
 * certificate subject, SPIs, L2TP IDs, PPP user, address given, or the precise reason for a failure),
 * kept in a bounded ring. {@code certvpn trace alice} filters it by user, certificate CN, address or peer
 * label. The log gets the milestones at INFO (a tunnel up, PPP up with its address, anything that ends or
 * refuses) and the steps a milestone sums up at DEBUG, so that a connect costs the log a handful of lines.
 */
final class TraceBook {
    private static final System.Logger LOG = System.getLogger("org.certvpn.trace");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** One step of one connection. {@code who} holds every name the line can be found by. */
    record Line(Instant at, String connection, String who, String text) {
        String format() {
            return TIME.format(at) + "  " + connection + "  " + text;
        }
    }

    private final Line[] ring;
    private int next;
    private long total;

    TraceBook(int capacity) {
        this.ring = new Line[capacity];
    }

    void add(Instant at, String connection, String who, String text) {
        remember(at, connection, who, text);
        LOG.log(System.Logger.Level.INFO, connection + ": " + text);
    }

    /** Keeps a step that a later milestone line sums up; logged at DEBUG only. */
    void addProgress(Instant at, String connection, String who, String text) {
        remember(at, connection, who, text);
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, connection + ": " + text);
        }
    }

    /** Keeps a line that its engine has already logged (IKE traces log themselves). */
    void remember(Instant at, String connection, String who, String text) {
        Line line = new Line(at, connection, who == null ? "" : who, text);
        synchronized (this) {
            ring[next] = line;
            next = (next + 1) % ring.length;
            total++;
        }
    }

    /** The newest {@code max} lines mentioning {@code who} (user, CN, address or connection), oldest first. */
    synchronized List<Line> find(String who, int max) {
        String needle = who.toLowerCase(Locale.ROOT);
        List<Line> out = new ArrayList<>();
        int n = (int) Math.min(total, ring.length);
        for (int i = 1; i <= n && out.size() < max; i++) {
            Line l = ring[Math.floorMod(next - i, ring.length)];
            if (needle.isEmpty() || l.connection().toLowerCase(Locale.ROOT).contains(needle)
                    || matchesWord(l.who().toLowerCase(Locale.ROOT), needle)
                    || l.text().toLowerCase(Locale.ROOT).contains("cn=" + needle)) {
                out.add(l);
            }
        }
        return out.reversed();
    }

    private static boolean matchesWord(String who, String needle) {
        for (String w : who.split(" ")) {
            if (w.equals(needle)) {
                return true;
            }
        }
        return false;
    }
}
