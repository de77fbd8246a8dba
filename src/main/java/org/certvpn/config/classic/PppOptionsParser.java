package org.certvpn.config.classic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.certvpn.config.Problems;

/**
 * Parses a pppd options file (pppd(8)): a stream of words, each option followed by as many argument
 * words as pppd's option table says (possibly on the next line, as pppd allows). Quoting and comments as
 * in {@link Words}. An option pppd does not know is kept, flagged unknown, with no arguments.
 *
 * <p>Never throws: every problem becomes a positioned error in {@link Problems}.
 */
public final class PppOptionsParser {
    /** Arguments per option, from pppd 2.4/2.5's option tables, for the options an LNS setup uses. */
    static final Map<String, Integer> ARGS = new HashMap<>();

    static {
        for (String o : List.of("auth", "noauth", "require-chap", "require-pap", "require-mschap", "require-mschap-v2",
                "require-eap", "refuse-chap", "refuse-pap", "refuse-mschap", "refuse-mschap-v2", "refuse-eap", "+chap",
                "+pap", "+mschap", "+mschap-v2", "+eap", "-chap", "-pap", "-mschap", "-mschap-v2", "-eap",
                "ipcp-accept-local", "ipcp-accept-remote", "noccp", "proxyarp", "noproxyarp", "lock", "nolock",
                "crtscts", "nocrtscts", "-crtscts", "modem", "local", "debug", "nodebug", "dump", "hide-password",
                "show-password", "noipx", "nobsdcomp", "nodeflate", "novj", "novjccomp", "nopcomp", "noaccomp",
                "-pc", "-ac", "-vj", "nodefaultroute", "defaultroute", "nodetach", "updetach", "persist", "nopersist",
                "silent", "passive", "nologfd", "noipdefault", "usepeerdns", "require-mppe", "require-mppe-40",
                "require-mppe-128", "nomppe", "nomppe-40", "nomppe-128", "nomppe-stateful", "mppe-stateful", "ktune",
                "noktune", "multilink", "nomultilink", "mp", "nomp", "noip", "+ipv6", "-ipv6", "noipv6", "demand",
                "nomagic", "default-asyncmap", "receive-all", "nopredictor1", "xonxoff", "sync", "notty",
                "allow-local-ip", "noendpoint", "login", "noremoteip", "ms-lanman", "replacedefaultroute", "defaultroute6",
                "nodefaultroute6", "noreplacedefaultroute", "lcp-echo-adaptive", "refuse-eap", "noipcp")) {
            ARGS.put(o, 0);
        }
        for (String o : List.of("ms-dns", "ms-wins", "mtu", "mru", "lcp-echo-interval", "lcp-echo-failure", "name", "user",
                "password", "remotename", "connect-delay", "logfile", "file", "plugin", "idle", "maxfail", "holdoff",
                "asyncmap", "ipparam", "lcp-restart", "lcp-max-configure", "lcp-max-terminate", "lcp-max-failure",
                "ipcp-restart", "ipcp-max-configure", "ipcp-max-failure", "ipcp-max-terminate", "chap-restart",
                "chap-max-challenge", "chap-interval", "pap-restart", "pap-max-authreq", "pap-timeout", "linkname",
                "unit", "netmask", "logfd", "connect", "disconnect", "init", "welcome", "kdebug", "mppe", "maxconnect",
                "remotenumber", "ipv6", "pidfile", "domain", "bsdcomp", "deflate", "escape", "speed", "mpshortseq",
                "eap-restart", "eap-max-rreq", "eap-interval", "eap-timeout", "eap-max-sreq", "srp-interval",
                "ms-dns6", "child-timeout", "ip-up-script", "ip-down-script", "ifname", "path", "active-filter",
                "pass-filter", "pppol2tp", "pppol2tp_lns_mode", "pppol2tp_debug_mask")) {
            ARGS.put(o, 1);
        }
    }

    private PppOptionsParser() {}

    public static PppOptions parse(String file, String text, Problems problems) {
        record Token(String text, int line) {}
        List<Token> tokens = new ArrayList<>();
        String[] lines = Lines.split(text).toArray(String[]::new);
        for (int i = 0; i < lines.length; i++) {
            List<Words.Word> words = Words.split(file, i + 1, lines[i], problems);
            if (words == null) {
                continue;
            }
            for (Words.Word w : words) {
                tokens.add(new Token(w.text(), i + 1));
            }
        }
        List<PppOptions.Option> options = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Integer n = ARGS.get(t.text());
            if (n == null) {
                options.add(new PppOptions.Option(t.text(), List.of(), false, file, t.line()));
                continue;
            }
            if (i + n >= tokens.size()) {
                problems.error(file, t.line(), "option \"" + t.text() + "\" needs an argument");
                break;
            }
            List<String> args = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                args.add(tokens.get(i + k).text());
            }
            options.add(new PppOptions.Option(t.text(), args, true, file, t.line()));
            i += n;
        }
        return new PppOptions(options);
    }
}
