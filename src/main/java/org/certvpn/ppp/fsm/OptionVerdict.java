package org.certvpn.ppp.fsm;

import org.certvpn.ppp.wire.ConfigOption;

/** What a protocol thinks of one option in the peer's Configure-Request (pppd's reqci, per option). */
public sealed interface OptionVerdict {
    OptionVerdict ACK = new Ack();
    OptionVerdict REJECT = new Reject();

    static OptionVerdict nak(ConfigOption suggestion) {
        return new Nak(suggestion);
    }

    /** Acceptable as sent. */
    record Ack() implements OptionVerdict {}

    /** Recognised but unacceptable; the suggestion goes into the Configure-Nak. */
    record Nak(ConfigOption suggestion) implements OptionVerdict {}

    /** Not recognised or not negotiable: goes back verbatim in a Configure-Reject. */
    record Reject() implements OptionVerdict {}
}
