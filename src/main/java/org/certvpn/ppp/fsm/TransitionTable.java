package org.certvpn.ppp.fsm;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 1661 §4.1's state transition table, kept as the RFC prints it and read at class load, so the
 * automaton's behaviour can be checked against the RFC by eye.
 *
 * <p>A cell is {@code actions/next-state}, or just {@code next-state}; {@code -} marks an event that
 * cannot occur in that state. The suffixes mark optional behaviour the RFC leaves to the implementation
 * and that this automaton does not take: {@code r} (restart on Open: we stay put), {@code p} (passive:
 * after TO- we stop rather than wait), {@code x} (crossed connection: nothing special to do).
 */
final class TransitionTable {
    /** One cell: the actions in order, then the next state. */
    record Transition(List<FsmAction> actions, FsmState next) {}

    private static final String TABLE_STATES_0_TO_5 = """
                  | State
                  |    0         1         2         3         4         5
            Events| Initial   Starting  Closed    Stopped   Closing   Stopping
            ------+-----------------------------------------------------------
             Up   |    2     irc,scr/6     -         -         -         -
             Down |    -         -         0       tls/1       0         1
             Open |  tls/1       1     irc,scr/6     3r        5r        5r
             Close|    0       tlf/0       2         2         4         4
                  |
              TO+ |    -         -         -         -       str/4     str/5
              TO- |    -         -         -         -       tlf/2     tlf/3
                  |
             RCR+ |    -         -       sta/2 irc,scr,sca/8   4         5
             RCR- |    -         -       sta/2 irc,scr,scn/6   4         5
             RCA  |    -         -       sta/2     sta/3       4         5
             RCN  |    -         -       sta/2     sta/3       4         5
                  |
             RTR  |    -         -       sta/2     sta/3     sta/4     sta/5
             RTA  |    -         -         2         3       tlf/2     tlf/3
                  |
             RUC  |    -         -       scj/2     scj/3     scj/4     scj/5
             RXJ+ |    -         -         2         3         4         5
             RXJ- |    -         -       tlf/2     tlf/3     tlf/2     tlf/3
                  |
             RXR  |    -         -         2         3         4         5
            """;

    private static final String TABLE_STATES_6_TO_9 = """
                  | State
                  |    6         7         8           9
            Events| Req-Sent  Ack-Rcvd  Ack-Sent    Opened
            ------+-----------------------------------------
             Up   |    -         -         -           -
             Down |    1         1         1         tld/1
             Open |    6         7         8           9r
             Close|irc,str/4 irc,str/4 irc,str/4 tld,irc,str/4
                  |
              TO+ |  scr/6     scr/6     scr/8         -
              TO- |  tlf/3p    tlf/3p    tlf/3p        -
                  |
             RCR+ |  sca/8   sca,tlu/9   sca/8   tld,scr,sca/8
             RCR- |  scn/6     scn/7     scn/6   tld,scr,scn/6
             RCA  |  irc/7     scr/6x  irc,tlu/9   tld,scr/6x
             RCN  |irc,scr/6   scr/6x  irc,scr/8   tld,scr/6x
                  |
             RTR  |  sta/6     sta/6     sta/6   tld,zrc,sta/5
             RTA  |    6         6         8       tld,scr/6
                  |
             RUC  |  scj/6     scj/7     scj/8       scj/9
             RXJ+ |    6         6         8           9
             RXJ- |  tlf/3     tlf/3     tlf/3   tld,irc,str/5
                  |
             RXR  |    6         7         8         ser/9
            """;

    private static final Map<FsmEvent, Transition[]> TABLE = new EnumMap<>(FsmEvent.class);

    static {
        for (FsmEvent e : FsmEvent.values()) {
            TABLE.put(e, new Transition[FsmState.values().length]);
        }
        read(TABLE_STATES_0_TO_5, 0);
        read(TABLE_STATES_6_TO_9, 6);
    }

    private TransitionTable() {}

    /** The transition for an event in a state, or null where the RFC prints "-". */
    static Transition lookup(FsmState state, FsmEvent event) {
        return TABLE.get(event)[state.ordinal()];
    }

    private static void read(String table, int firstState) {
        for (String line : table.split("\n")) {
            int bar = line.indexOf('|');
            if (bar < 0) {
                continue;
            }
            String label = line.substring(0, bar).strip();
            if (label.isEmpty() || label.equals("Events")) {
                continue;
            }
            FsmEvent event = FsmEvent.ofLabel(label);
            String[] cells = line.substring(bar + 1).strip().split("\\s+");
            for (int i = 0; i < cells.length; i++) {
                TABLE.get(event)[firstState + i] = cell(cells[i]);
            }
        }
    }

    private static Transition cell(String text) {
        if (text.equals("-")) {
            return null;
        }
        String stripped = text.replaceAll("[rpx]$", "");
        int slash = stripped.indexOf('/');
        List<FsmAction> actions = new ArrayList<>();
        if (slash >= 0) {
            for (String a : stripped.substring(0, slash).split(",")) {
                actions.add(FsmAction.valueOf(a.toUpperCase(Locale.ROOT)));
            }
        }
        FsmState next = FsmState.values()[Integer.parseInt(stripped.substring(slash + 1))];
        return new Transition(List.copyOf(actions), next);
    }
}
