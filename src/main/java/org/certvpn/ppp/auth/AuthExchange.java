package org.certvpn.ppp.auth;

import org.certvpn.ppp.wire.ControlPacket;

/** One side of one authentication exchange, driven by the link like the automata are. */
public interface AuthExchange {
    /** The PPP protocol of its packets (CHAP or PAP). */
    int protocol();

    /** The authentication phase begins. */
    void start(long nowMillis);

    void receive(ControlPacket packet, long nowMillis);

    long nextDeadline();

    void onTimer(long nowMillis);

    /** The link left the authentication phase: no more timers. */
    void stop();
}
