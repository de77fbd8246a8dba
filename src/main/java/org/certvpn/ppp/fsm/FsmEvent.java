package org.certvpn.ppp.fsm;

/** The events of RFC 1661 §4.3, named as in the state transition table. */
public enum FsmEvent {
    UP("Up"),
    DOWN("Down"),
    OPEN("Open"),
    CLOSE("Close"),
    TO_PLUS("TO+"),
    TO_MINUS("TO-"),
    RCR_PLUS("RCR+"),
    RCR_MINUS("RCR-"),
    RCA("RCA"),
    RCN("RCN"),
    RTR("RTR"),
    RTA("RTA"),
    RUC("RUC"),
    RXJ_PLUS("RXJ+"),
    RXJ_MINUS("RXJ-"),
    RXR("RXR");

    private final String label;

    FsmEvent(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static FsmEvent ofLabel(String label) {
        for (FsmEvent e : values()) {
            if (e.label.equals(label)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no event " + label);
    }

    @Override
    public String toString() {
        return label;
    }
}
