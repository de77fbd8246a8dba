package org.certvpn.gateway;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.certvpn.control.ControlHandler;
import org.certvpn.control.ControlRequest;
import org.certvpn.control.ControlResponse;

/**
 * The gateway's answers on the control socket: {@code status}, {@code kick USER|ADDRESS},
 * {@code trace [WHO] [N]} and {@code reload} (whose work the caller supplies, since re-reading
 * configuration is the command line's business).
 */
public final class GatewayControl implements ControlHandler {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Gateway gateway;
    private final Supplier<ControlResponse> reload;

    public GatewayControl(Gateway gateway, Supplier<ControlResponse> reload) {
        this.gateway = gateway;
        this.reload = reload;
    }

    @Override
    public ControlResponse handle(ControlRequest request) {
        return switch (request.command()) {
            case "status" -> status();
            case "kick" -> kick(request.arg(0));
            case "trace" -> trace(request.arg(0), request.arg(1));
            case "reload" -> reload.get();
            default -> ControlResponse.error("unknown command \"" + request.command() + "\" (status, kick, trace, reload)");
        };
    }

    private ControlResponse status() {
        List<SessionView> sessions = gateway.sessions();
        List<String> lines = new ArrayList<>();
        lines.add(sessions.size() + " session" + (sessions.size() == 1 ? "" : "s"));
        if (!sessions.isEmpty()) {
            lines.add(String.format(Locale.ROOT, "%-16s %-15s %-21s %-15s %-19s %10s %10s %8s  %s", "USER", "ADDRESS",
                    "OUTER", "LOCAL", "SINCE (UTC)", "BYTES IN", "BYTES OUT", "IDLE", "CERTIFICATE"));
            for (SessionView s : sessions) {
                lines.add(String.format(Locale.ROOT, "%-16s %-15s %-21s %-15s %-19s %10d %10d %8s  %s", s.user(),
                        s.tunnelAddress().orElse("-"), s.outer().getAddress().getHostAddress() + ":" + s.outer().getPort(),
                        s.local(), TIME.format(s.since()), s.bytesIn(), s.bytesOut(), idle(s.idleMillis()),
                        s.certificateSubject().orElse("-")));
            }
        }
        return ControlResponse.ok(lines);
    }

    private static String idle(long millis) {
        if (millis < 0) {
            return "-";
        }
        Duration d = Duration.ofMillis(millis);
        return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m"
                : d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
    }

    private ControlResponse kick(String who) {
        if (who.isEmpty()) {
            return ControlResponse.error("kick needs a user name or a tunnel address");
        }
        int n = gateway.kick(who, "ended by the administrator");
        return n == 0 ? ControlResponse.error("no session of user or address \"" + who + "\"")
                : ControlResponse.ok("ending " + n + " session" + (n == 1 ? "" : "s") + " of " + who);
    }

    private ControlResponse trace(String who, String count) {
        int max = 100;
        if (!count.isEmpty()) {
            try {
                max = Math.max(1, Math.min(10_000, Integer.parseInt(count)));
            } catch (NumberFormatException e) {
                return ControlResponse.error("not a number of lines: " + count);
            }
        }
        List<String> lines = gateway.core().traceBook().find(who, max).stream().map(TraceBook.Line::format).toList();
        if (lines.isEmpty()) {
            return ControlResponse.ok(who.isEmpty() ? "no connection attempts yet" : "nothing recorded for \"" + who + "\"");
        }
        return ControlResponse.ok(lines);
    }
}
