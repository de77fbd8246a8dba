package org.certvpn.ike.v1;

import org.certvpn.ike.DropReason;
import org.certvpn.ike.wire.NotifyType;

/**
 * An exchange cannot go on: carries the one-line reason for the trace, the drop counter, and the
 * notification to send the peer when one helps it (null when silence is better).
 */
final class ExchangeFailure extends Exception {
    private final DropReason dropReason;
    private final NotifyType notify;
    private final boolean fatal;

    ExchangeFailure(DropReason dropReason, NotifyType notify, String reason) {
        this(dropReason, notify, reason, true);
    }

    /** @param fatal whether the exchange (and a half-open SA) ends, or the message is just dropped */
    ExchangeFailure(DropReason dropReason, NotifyType notify, String reason, boolean fatal) {
        super(reason, null, false, false);
        this.dropReason = dropReason;
        this.notify = notify;
        this.fatal = fatal;
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
}
