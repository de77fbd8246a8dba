package org.certvpn.ike.v1;

import org.certvpn.ike.DropReason;
import org.certvpn.ike.wire.NotifyType;

/**
 * An exchange cannot go on: carries the one-line reason for the trace, the drop counter, and the
 * notification to send the peer when one helps it (null when silence is better). A refusal at Phase 1
 * authentication instead carries its {@link Phase1Refusal}, whose table decides the encrypted notification.
 */
final class ExchangeFailure extends Exception {
    private final DropReason dropReason;
    private final NotifyType notify;
    private final boolean fatal;
    private final Phase1Refusal refusal;

    ExchangeFailure(DropReason dropReason, NotifyType notify, String reason) {
        this(dropReason, notify, reason, true);
    }

    /** @param fatal whether the exchange (and a half-open SA) ends, or the message is just dropped */
    ExchangeFailure(DropReason dropReason, NotifyType notify, String reason, boolean fatal) {
        this(dropReason, notify, reason, fatal, null);
    }

    private ExchangeFailure(DropReason dropReason, NotifyType notify, String reason, boolean fatal,
            Phase1Refusal refusal) {
        super(reason, null, false, false);
        this.dropReason = dropReason;
        this.notify = notify;
        this.fatal = fatal;
        this.refusal = refusal;
    }

    /** Phase 1 authentication refused the peer: fatal, told (or not) as {@code refusal} says. */
    static ExchangeFailure refused(Phase1Refusal refusal, String reason) {
        return new ExchangeFailure(DropReason.AUTHENTICATION_FAILED, null, reason, true, refusal);
    }

    static ExchangeFailure drop(DropReason reason, String message) {
        return new ExchangeFailure(reason, null, message, false);
    }

    DropReason dropReason() {
        return dropReason;
    }

    NotifyType notifyType() {
        return notify;
    }

    boolean fatal() {
        return fatal;
    }

    /** The Phase 1 refusal, or null for any other failure. */
    Phase1Refusal refusal() {
        return refusal;
    }
}
