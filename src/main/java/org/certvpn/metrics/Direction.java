package org.certvpn.metrics;

/**
 * Which way tunnelled traffic flows, seen from the clients: {@code in} is what clients send through
 * the gateway, {@code out} is what the gateway sends to them.
 */
public enum Direction {
    IN("in"),
    OUT("out");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    /** The value of the {@code direction} label. */
    public String label() {
        return label;
    }
}
