package org.certvpn.ike.v1;

/** The coarse state of an ISAKMP SA; the exchanges keep their own step. */
enum Ikev1SaState {
    /** Initiator: MM1 sent, waiting for MM2. */
    MM_I1_SENT(false),
    /** Initiator: MM3 sent, waiting for MM4. */
    MM_I3_SENT(false),
    /** Initiator: MM5 sent, waiting for MM6. */
    MM_I5_SENT(false),
    /** Initiator: AM1 sent, waiting for AM2. */
    AM_I1_SENT(false),
    /** Responder: MM2 sent, waiting for MM3. */
    MM_R2_SENT(false),
    /** Responder: MM4 sent, waiting for MM5. */
    MM_R4_SENT(false),
    /** Responder: AM2 sent, waiting for AM3. */
    AM_R2_SENT(false),
    /** Phase 1 done: Quick Mode and Informational exchanges run under it. */
    ESTABLISHED(true),
    /** Removed from the table; late events are ignored. */
    DELETED(false);

    private final boolean established;

    Ikev1SaState(boolean established) {
        this.established = established;
    }

    boolean established() {
        return established;
    }

    boolean halfOpen() {
        return !established && this != DELETED;
    }
}
