package org.certvpn.ppp.fsm;

import org.certvpn.ppp.wire.ControlPacket;

/** Where an automaton's packets go: the link wraps them into a PPP frame of the given protocol. */
@FunctionalInterface
public interface ControlSender {
    void send(int protocol, ControlPacket packet);
}
