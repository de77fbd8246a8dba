package org.certvpn.ppp.fsm;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.certvpn.ppp.wire.ControlCode;
import org.certvpn.ppp.wire.ControlPacket;

/** A scripted peer for option-negotiation tables: feeds Configure-* packets and reads the answers. */
public final class Scripted {
    public final List<ControlPacket> sent = new ArrayList<>();
    public NegotiationAutomaton automaton;
    private int nextId = 100;

    public ControlSender sender() {
        return (protocol, packet) -> sent.add(packet);
    }

    public Scripted attach(NegotiationAutomaton a) {
        this.automaton = a;
        a.up(0);
        a.open(0);
        return this;
    }

    public ControlPacket last() {
        return sent.get(sent.size() - 1);
    }

    /** The options of our latest Configure-Request, as hex. */
    public String lastRequest() {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).code() == ControlCode.CONFIGURE_REQUEST) {
                return HexFormat.of().formatHex(sent.get(i).data());
            }
        }
        throw new AssertionError("no Configure-Request sent");
    }

    private int lastRequestId() {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).code() == ControlCode.CONFIGURE_REQUEST) {
                return sent.get(i).identifier();
            }
        }
        throw new AssertionError("no Configure-Request sent");
    }

    /** Sends the peer's Configure-Request and returns the answer as "Ack 0104...", "Nak ...", "Reject ...". */
    public String request(String optionsHex) {
        int id = nextId++;
        automaton.receive(new ControlPacket(ControlCode.CONFIGURE_REQUEST, id, HexFormat.of().parseHex(optionsHex)), 0);
        ControlPacket reply = last();
        if (reply.identifier() != id) {
            throw new AssertionError("no answer to request " + id + ", last sent " + reply);
        }
        String name = switch (reply.code()) {
            case ControlCode.CONFIGURE_ACK -> "Ack";
            case ControlCode.CONFIGURE_NAK -> "Nak";
            case ControlCode.CONFIGURE_REJECT -> "Reject";
            default -> ControlCode.name(reply.code());
        };
        return (name + " " + HexFormat.of().formatHex(reply.data())).strip();
    }

    /** Answers our latest Configure-Request with a Nak or Reject carrying these options. */
    public void answer(int code, String optionsHex) {
        automaton.receive(new ControlPacket(code, lastRequestId(), HexFormat.of().parseHex(optionsHex)), 0);
    }
}
