package org.certvpn.l2tp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.l2tp.L2tpLns;
import org.certvpn.l2tp.L2tpListener;
import org.certvpn.l2tp.L2tpSession;
import org.certvpn.l2tp.L2tpSettings;
import org.certvpn.l2tp.TunnelInfo;
import org.certvpn.l2tp.wire.Avp;
import org.certvpn.l2tp.wire.AvpType;
import org.certvpn.l2tp.wire.ControlCodec;
import org.certvpn.l2tp.wire.ControlMessage;
import org.certvpn.l2tp.wire.MessageType;
import org.certvpn.l2tp.wire.ResultCode;

/**
 * The LNS fed arbitrary datagrams from three peer keys, mixed with well-formed messages that
 * follow the LNS's own numbering (so the fuzzer gets past the handshake), time jumps and gateway
 * actions. Nothing may throw, and every control message the LNS sends must decode and pass
 * Android mtpd's strict checks.
 *
 * <p>Input: a sequence of records, each starting with a byte {@code op | peer << 2 | extra << 4}:
 * op 0 raw datagram (next byte: length, then the octets), op 1 time jump (next byte: tenths of
 * seconds times 10), op 2 scripted control message (extra selects the type, the next byte
 * mutates it), op 3 gateway action (extra selects it).
 */
class LnsFuzzTest {
    /** Held so the level sticks: traces at INFO would dominate the run time of every input. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.certvpn.l2tp");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    /** The peer keys, made once: a string built per record was a measurable part of every execution. */
    private static final String[] KEYS = {"peer-0", "peer-1", "peer-2", "peer-3"};

    /**
     * Scripted messages already encoded, by everything they depend on. Building and encoding them ran through
     * the instrumented wire classes on every record, half of the target's time, and told the fuzzer nothing
     * about the LNS (which decodes each one anyway): 2,600 executions/s fell to 1,300 as inputs grew. Bounded.
     */
    private static final Map<ScriptKey, byte[]> ENCODED = new HashMap<>();

    private record ScriptKey(int type, int tunnel, int session, int mutation, int ns, int nr) { }

    private static final MessageType[] SCRIPT = {
        MessageType.SCCRQ, MessageType.SCCCN, MessageType.ICRQ, MessageType.ICCN, MessageType.HELLO, MessageType.CDN,
        MessageType.STOPCCN, MessageType.WEN, MessageType.SLI, MessageType.ZLB, MessageType.OCRQ,
        MessageType.valueOf(99), MessageType.ICRP, MessageType.SCCRP, MessageType.OCCN, MessageType.SCCRQ
    };

    /** What the scripted peer behind one key knows. */
    private static final class PeerScript {
        int lnsTunnel;
        int ns;
        int nr;
        final List<Integer> lnsSessions = new ArrayList<>();
    }

    private static final class Harness implements L2tpListener {
        final Map<Object, PeerScript> peers = new HashMap<>();
        final List<L2tpSession> up = new ArrayList<>();
        int sessionsUp;
        int sessionsDown;

        PeerScript peer(Object key) {
            return peers.computeIfAbsent(key, k -> new PeerScript());
        }

        @Override
        public void sendControl(Object peerKey, byte[] d) {
            int flags = (d[0] & 0xFF) << 8 | d[1] & 0xFF;
            assertThat(flags & 0xCB0F).isEqualTo(0xC802);
            assertThat((d[2] & 0xFF) << 8 | d[3] & 0xFF).isEqualTo(d.length);
            ControlMessage m;
            try {
                m = ControlCodec.decode(d, 0, d.length, null);
            } catch (MalformedPacketException e) {
                throw new AssertionError("the LNS sent an undecodable message", e);
            }
            if (!m.isZlb()) {
                assertThat(d[12] & 0xFF).isEqualTo(0x80);
                assertThat(d[13] & 0xFF).isEqualTo(0x08);
            }
            PeerScript p = peer(peerKey);
            if (!m.isZlb()) {
                p.nr = (m.ns() + 1) & 0xFFFF;
            }
            if (m.type().equals(MessageType.SCCRP)) {
                p.lnsTunnel = m.find(AvpType.ASSIGNED_TUNNEL_ID).map(Avp::u16).orElse(0);
            }
            if (m.type().equals(MessageType.ICRP)) {
                p.lnsSessions.add(m.find(AvpType.ASSIGNED_SESSION_ID).map(Avp::u16).orElse(0));
            }
        }

        @Override
        public void sessionUp(L2tpSession s) {
            up.add(s);
            sessionsUp++;
        }

        @Override
        public void sessionDown(L2tpSession s, String reason) {
            up.remove(s);
            sessionsDown++;
        }

        @Override
        public void tunnelDown(TunnelInfo t, String reason) {
            assertThat(reason).isNotEmpty();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void lnsFedArbitraryDatagrams(byte[] input) {
        Harness h = new Harness();
        L2tpSettings settings = L2tpSettings.defaults().withSecret("fuzz", true, false);
        L2tpLns lns = new L2tpLns(settings, new SplittableRandom(1), h);
        long now = 0;
        int i = 0;
        while (i < input.length) {
            int head = input[i++] & 0xFF;
            int op = head & 3;
            String key = KEYS[(head >> 2) & 3];
            int extra = head >> 4;
            PeerScript p = h.peer(key);
            switch (op) {
                case 0 -> {
                    int len = i < input.length ? input[i++] & 0xFF : 0;
                    len = Math.min(len, input.length - i);
                    lns.receive(key, input, i, len, now);
                    i += len;
                }
                case 1 -> {
                    int tenths = i < input.length ? input[i++] & 0xFF : 0;
                    now += tenths * 1_000L;
                    while (lns.nextDeadline() <= now) {
                        lns.onTimer(lns.nextDeadline());
                    }
                }
                case 2 -> {
                    int mutation = i < input.length ? input[i++] & 0xFF : 0;
                    byte[] d = scriptedOnce(extra, p, mutation);
                    lns.receive(key, d, 0, d.length, now);
                }
                default -> gatewayAction(lns, h, key, extra, now);
            }
            if (lns.nextDeadline() < 0) {
                throw new AssertionError("negative deadline " + lns.nextDeadline());
            }
        }
        assertThat(lns.sessionCount()).isNotNegative();
        lns.shutdown(now);
        for (int n = 0; n < 1_000 && lns.nextDeadline() != Long.MAX_VALUE; n++) {
            now = Math.max(now, lns.nextDeadline());
            lns.onTimer(now);
        }
        assertThat(lns.isShutdownComplete()).isTrue();
        assertThat(lns.sessionCount()).isZero();
        assertThat(h.sessionsDown).isEqualTo(h.sessionsUp);
    }

    private static void gatewayAction(L2tpLns lns, Harness h, String key, int action, long now) {
        switch (action & 3) {
            case 0 -> lns.shutdown(now);
            case 1 -> {
                PeerScript p = h.peer(key);
                lns.closeTunnel(key, p.lnsTunnel, "fuzz", now);
            }
            case 2 -> {
                if (!h.up.isEmpty()) {
                    lns.closeSession(h.up.getFirst(), "fuzz", now);
                }
            }
            default -> {
                if ((action & 4) != 0) {
                    lns.probe(key, h.peer(key).lnsTunnel, "fuzz", now);
                } else if (!h.up.isEmpty()) {
                    L2tpSession s = h.up.getLast();
                    byte[] buf = new byte[L2tpSession.MAX_HEADER_LENGTH + 4];
                    int start = s.encapsulate(buf, L2tpSession.MAX_HEADER_LENGTH, 4);
                    assertThat(start).isBetween(0, L2tpSession.MAX_HEADER_LENGTH - 6);
                }
            }
        }
    }

    /** {@link #scripted}, from {@link #ENCODED} when the same message was made before; advances the numbering. */
    private static byte[] scriptedOnce(int extra, PeerScript p, int mutation) {
        MessageType type = SCRIPT[extra];
        int session = p.lnsSessions.isEmpty() ? 0 : p.lnsSessions.get((mutation >> 4) % p.lnsSessions.size());
        ScriptKey key = new ScriptKey(extra, p.lnsTunnel, session, mutation, p.ns, p.nr);
        byte[] d = ENCODED.get(key);
        if (d == null) {
            d = scripted(type, p, session, mutation);
            if (ENCODED.size() >= 200_000) {
                ENCODED.clear();
            }
            ENCODED.put(key, d);
        }
        if (!type.equals(MessageType.ZLB) && (mutation & 0x80) == 0) {
            p.ns = (p.ns + 1) & 0xFFFF;
        }
        return d.clone(); // the LNS may work on a datagram in place
    }

    /**
     * A well-formed message of the given type that follows the LNS's numbering, for one of the peer's sessions;
     * mutation bits break it. A pure function of its arguments' values (the caller picks the session and
     * advances the numbering), so that it can be remembered.
     */
    private static byte[] scripted(MessageType type, PeerScript p, int session, int mutation) {
        List<Avp> body = new ArrayList<>();
        int tunnel = p.lnsTunnel;
        if (type.equals(MessageType.SCCRQ) || type.equals(MessageType.SCCRP)) {
            tunnel = (mutation & 1) != 0 ? p.lnsTunnel : 0;
            body.add(Avp.u16(AvpType.PROTOCOL_VERSION, (mutation & 2) != 0 ? 0x0200 : 0x0100));
            body.add(Avp.string(AvpType.HOST_NAME, "fuzz"));
            body.add(Avp.u32(AvpType.FRAMING_CAPABILITIES, 3));
            body.add(Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, 1 + (mutation & 0x0C)));
            body.add(Avp.u16(AvpType.RECEIVE_WINDOW_SIZE, 1 + (mutation >> 6)));
            if ((mutation & 0x10) != 0) {
                body.add(Avp.of(AvpType.CHALLENGE, new byte[] {1, 2, 3, 4}));
            }
        } else if (type.equals(MessageType.SCCCN)) {
            if ((mutation & 1) != 0) {
                body.add(Avp.of(AvpType.CHALLENGE_RESPONSE, new byte[16]));
            }
        } else if (type.equals(MessageType.ICRQ) || type.equals(MessageType.OCRQ)) {
            session = 0;
            body.add(Avp.u16(AvpType.ASSIGNED_SESSION_ID, 1 + (mutation & 0x0F)));
            body.add(Avp.u32(AvpType.CALL_SERIAL_NUMBER, mutation));
        } else if (type.equals(MessageType.ICCN) || type.equals(MessageType.OCCN)) {
            body.add(Avp.u32(AvpType.TX_CONNECT_SPEED, 1_000_000));
            body.add(Avp.u32(AvpType.FRAMING_TYPE, 3));
            if ((mutation & 1) != 0) {
                body.add(Avp.empty(AvpType.SEQUENCING_REQUIRED));
            }
        } else if (type.equals(MessageType.CDN)) {
            body.add(ResultCode.of(ResultCode.CDN_ADMINISTRATIVE).toAvp());
            body.add(Avp.u16(AvpType.ASSIGNED_SESSION_ID, 1));
        } else if (type.equals(MessageType.STOPCCN)) {
            body.add(Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, 1));
            body.add(ResultCode.of(ResultCode.STOPCCN_SHUTTING_DOWN).toAvp());
        } else if (type.equals(MessageType.WEN)) {
            body.add(Avp.of(AvpType.CALL_ERRORS, new byte[26]));
        } else if (type.equals(MessageType.SLI)) {
            body.add(Avp.of(AvpType.ACCM, new byte[10]));
        } else if (type.equals(MessageType.ICRP)) {
            body.add(Avp.u16(AvpType.ASSIGNED_SESSION_ID, 7));
        }
        if ((mutation & 0x20) != 0 && !body.isEmpty()) {
            body.removeLast();                                         // a required AVP goes missing
        }
        if ((mutation & 0x40) != 0) {
            body.add(Avp.of(AvpType.valueOf(0, 77), new byte[] {9}));  // unknown, M bit set
        }
        int ns = (mutation & 0x80) != 0 ? p.ns + 1 : p.ns;          // sometimes out of order
        ControlMessage m = type.equals(MessageType.ZLB)
                ? ControlMessage.zlb(tunnel, ns, p.nr)
                : ControlMessage.of(type, tunnel, session, body).withSequence(ns & 0xFFFF, p.nr);
        return ControlCodec.encode(m, null);
    }
}
