package org.certvpn.l2tp.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A control message (RFC 2661 §3.1, T bit set), immutable: header fields and the AVPs in wire
 * order. The first AVP is always the Message Type (§4.4.1); a ZLB acknowledgement has no AVP at
 * all and reports {@link MessageType#ZLB}.
 */
public final class ControlMessage {
    private final int tunnelId;
    private final int sessionId;
    private final int ns;
    private final int nr;
    private final MessageType type;
    private final List<Avp> avps;

    ControlMessage(int tunnelId, int sessionId, int ns, int nr, MessageType type, List<Avp> avps) {
        this.tunnelId = check16("tunnel ID", tunnelId);
        this.sessionId = check16("session ID", sessionId);
        this.ns = check16("Ns", ns);
        this.nr = check16("Nr", nr);
        this.type = type;
        this.avps = List.copyOf(avps);
    }

    /**
     * A message of the given type; the Message Type AVP (M bit set) is put first, {@code body}
     * follows in order. Ns and Nr are zero until {@link #withSequence} (the reliable channel sets
     * them at transmission).
     */
    public static ControlMessage of(MessageType type, int tunnelId, int sessionId, List<Avp> body) {
        if (type.code() < 0) {
            throw new IllegalArgumentException("not an encodable message type: " + type);
        }
        List<Avp> all = new ArrayList<>(body.size() + 1);
        all.add(Avp.u16(AvpType.MESSAGE_TYPE, type.code()));
        for (Avp a : body) {
            if (a.type().equals(AvpType.MESSAGE_TYPE)) {
                throw new IllegalArgumentException("Message Type is added by the codec");
            }
            all.add(a);
        }
        return new ControlMessage(tunnelId, sessionId, 0, 0, type, all);
    }

    public static ControlMessage of(MessageType type, int tunnelId, int sessionId, Avp... body) {
        return of(type, tunnelId, sessionId, List.of(body));
    }

    /** A Zero-Length Body acknowledgement (§5.8): header only, 12 octets on the wire. */
    public static ControlMessage zlb(int tunnelId, int ns, int nr) {
        return new ControlMessage(tunnelId, 0, ns, nr, MessageType.ZLB, List.of());
    }

    /** A copy with other Ns and Nr. */
    public ControlMessage withSequence(int ns, int nr) {
        return new ControlMessage(tunnelId, sessionId, ns, nr, type, avps);
    }

    /** A copy addressed to another tunnel/session ID (header fields). */
    public ControlMessage withIds(int tunnelId, int sessionId) {
        return new ControlMessage(tunnelId, sessionId, ns, nr, type, avps);
    }

    /** Tunnel ID of the header: the receiver's Assigned Tunnel ID (0 in a first SCCRQ). */
    public int tunnelId() {
        return tunnelId;
    }

    /** Session ID of the header: the receiver's Assigned Session ID, 0 for tunnel messages. */
    public int sessionId() {
        return sessionId;
    }

    public int ns() {
        return ns;
    }

    public int nr() {
        return nr;
    }

    public MessageType type() {
        return type;
    }

    public boolean isZlb() {
        return type.equals(MessageType.ZLB);
    }

    /** All AVPs in wire order, the Message Type first. */
    public List<Avp> avps() {
        return avps;
    }

    /** The Message Type AVP's M bit (§4.4.1: set on an unknown type means the tunnel must be cleared). */
    public boolean messageTypeMandatory() {
        return !avps.isEmpty() && avps.getFirst().mandatory();
    }

    /** The first recognized AVP of this type. */
    public Optional<Avp> find(AvpType t) {
        for (Avp a : avps) {
            if (a.type().equals(t) && a.recognized()) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public boolean has(AvpType t) {
        return find(t).isPresent();
    }

    /** The first AVP with the M bit set that the engine cannot act on (§4.1), if any. */
    public Optional<Avp> unrecognizedMandatory() {
        for (Avp a : avps) {
            if (a.mandatory() && !a.recognized()) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static int check16(String what, int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        return type + " tunnel=" + tunnelId + " session=" + sessionId + " Ns=" + ns + " Nr=" + nr + " " + avps;
    }
}
