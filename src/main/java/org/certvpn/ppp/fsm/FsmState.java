package org.certvpn.ppp.fsm;

/** The ten states of RFC 1661 §4.2, in the RFC's numbering. */
public enum FsmState {
    INITIAL("Initial"),
    STARTING("Starting"),
    CLOSED("Closed"),
    STOPPED("Stopped"),
    CLOSING("Closing"),
    STOPPING("Stopping"),
    REQ_SENT("Req-Sent"),
    ACK_RCVD("Ack-Rcvd"),
    ACK_SENT("Ack-Sent"),
    OPENED("Opened");

    private final String rfcName;

    FsmState(String rfcName) {
        this.rfcName = rfcName;
    }

    /** §4.6: the Restart timer runs only in the Closing, Stopping, Req-Sent, Ack-Rcvd and Ack-Sent states. */
    public boolean restartTimerRuns() {
        return this == CLOSING || this == STOPPING || this == REQ_SENT || this == ACK_RCVD || this == ACK_SENT;
    }

    /** States in which a Configure-Request exchange is in progress. */
    boolean negotiating() {
        return this == REQ_SENT || this == ACK_RCVD || this == ACK_SENT;
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
