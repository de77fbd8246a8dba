package org.certvpn.l2tp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.l2tp.wire.Avp;
import org.certvpn.l2tp.wire.AvpType;
import org.certvpn.l2tp.wire.ControlCodec;
import org.certvpn.l2tp.wire.ControlMessage;
import org.certvpn.l2tp.wire.MessageType;
import org.certvpn.l2tp.wire.ResultCode;
import org.junit.jupiter.api.Test;

/**
 * The LNS against hand-made control messages: the M-bit rules of RFC 2661 §4.1 and §4.4.1,
 * required AVPs (§6), WEN and SLI, and what is dropped and counted.
 */
class LnsControlTest {
    private static final int PEER_TUNNEL = 0x1f2e;
    private static final int PEER_SESSION = 0x4d3c;

    /** A scripted peer: numbers its messages, records what the LNS sends back. */
    private static final class RawPeer implements L2tpListener {
        final L2tpLns lns = new L2tpLns(L2tpSettings.defaults(), new SplittableRandom(3), this);
        final List<ControlMessage> received = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final List<L2tpSession> up = new ArrayList<>();
        int ns;
        int lnsTunnel;
        long now;

        @Override
        public void sendControl(Object peerKey, byte[] d) {
            try {
                received.add(ControlCodec.decode(d, 0, d.length, null));
            } catch (MalformedPacketException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void sessionUp(L2tpSession s) {
            up.add(s);
            events.add("sessionUp");
        }

        @Override
        public void sessionDown(L2tpSession s, String reason) {
            events.add("sessionDown: " + reason);
        }

        @Override
        public void tunnelUp(TunnelInfo t) {
            events.add("tunnelUp");
        }

        @Override
        public void tunnelDown(TunnelInfo t, String reason) {
            events.add("tunnelDown: " + reason);
        }

        @Override
        public void pppFrame(L2tpSession s, byte[] buf, int off, int len) {
            events.add("ppp");
        }

        /** Sends a message with the next Ns, acknowledging everything the LNS sent so far. */
        void send(MessageType type, int sessionId, Avp... body) {
            send(ControlMessage.of(type, lnsTunnel, sessionId, body));
        }

        void send(ControlMessage m) {
            int nr = (int) received.stream().filter(r -> !r.isZlb()).count();
            byte[] d = ControlCodec.encode(m.withSequence(ns, nr), null);
            ns++;
            lns.receive("peer", d, 0, d.length, now);
        }

        /** A ZLB acknowledging everything the LNS sent so far. */
        void ack() {
            int nr = (int) received.stream().filter(r -> !r.isZlb()).count();
            byte[] d = ControlCodec.encode(ControlMessage.zlb(lnsTunnel, ns, nr), null);
            lns.receive("peer", d, 0, d.length, now);
        }

        /** Runs the LNS's timers up to {@code until}. */
        void runUntil(long until) {
            while (lns.nextDeadline() <= until) {
                now = lns.nextDeadline();
                lns.onTimer(now);
            }
            now = until;
        }

        ControlMessage last() {
            return received.getLast();
        }

        void establish() {
            send(MessageType.SCCRQ, 0, Avp.u16(AvpType.PROTOCOL_VERSION, 0x0100), Avp.string(AvpType.HOST_NAME, "raw"),
                    Avp.u32(AvpType.FRAMING_CAPABILITIES, 3), Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, PEER_TUNNEL));
            lnsTunnel = last().find(AvpType.ASSIGNED_TUNNEL_ID).orElseThrow().u16();
            send(MessageType.SCCCN, 0);
        }

        int call() {
            send(MessageType.ICRQ, 0, Avp.u16(AvpType.ASSIGNED_SESSION_ID, PEER_SESSION),
                    Avp.u32(AvpType.CALL_SERIAL_NUMBER, 1));
            return last().find(AvpType.ASSIGNED_SESSION_ID).orElseThrow().u16();
        }
    }

    private static ResultCode result(ControlMessage m) {
        return ResultCode.from(m.find(AvpType.RESULT_CODE).orElseThrow());
    }

    @Test
    void sccrpAnswersTheSccrqWithTheAvpsTheRfcRequires() {
        RawPeer p = new RawPeer();
        p.establish();

        ControlMessage sccrp = p.received.getFirst();
        assertThat(sccrp.type()).isEqualTo(MessageType.SCCRP);
        assertThat(sccrp.tunnelId()).isEqualTo(PEER_TUNNEL);
        assertThat(org.certvpn.l2tp.wire.MessageRules.firstMissing(sccrp)).isEmpty();
        assertThat(sccrp.find(AvpType.HOST_NAME).orElseThrow().string()).isEqualTo("certvpn");
        assertThat(sccrp.find(AvpType.RECEIVE_WINDOW_SIZE).orElseThrow().u16()).isEqualTo(4);
        assertThat(p.last().isZlb()).isTrue();                       // SCCCN acknowledged by a ZLB
        assertThat(p.events).containsExactly("tunnelUp");
    }

    @Test
    void unknownMandatoryAvpInASessionMessageClearsTheCallWithCdn() {
        RawPeer p = new RawPeer();
        p.establish();

        p.send(MessageType.ICRQ, 0, Avp.u16(AvpType.ASSIGNED_SESSION_ID, PEER_SESSION),
                Avp.u32(AvpType.CALL_SERIAL_NUMBER, 1), Avp.of(AvpType.valueOf(0, 99), new byte[] {1}));

        ControlMessage cdn = p.last();
        assertThat(cdn.type()).isEqualTo(MessageType.CDN);
        assertThat(cdn.sessionId()).isEqualTo(PEER_SESSION);
        assertThat(cdn.find(AvpType.ASSIGNED_SESSION_ID).orElseThrow().u16()).isZero();
        assertThat(result(cdn).result()).isEqualTo(ResultCode.CDN_GENERAL_ERROR);
        assertThat(result(cdn).error()).isEqualTo(ResultCode.ERROR_UNKNOWN_MANDATORY_AVP);
        assertThat(p.lns.sessionCount()).isZero();
        assertThat(p.lns.tunnelState("peer", p.lnsTunnel)).isEqualTo(TunnelState.ESTABLISHED);
    }

    @Test
    void unknownMandatoryAvpInAnEstablishedSessionsMessageClearsThatSession() {
        RawPeer p = new RawPeer();
        p.establish();
        int session = p.call();
        p.send(MessageType.ICCN, session, Avp.u32(AvpType.TX_CONNECT_SPEED, 1), Avp.u32(AvpType.FRAMING_TYPE, 3));

        p.send(MessageType.SLI, session, Avp.of(AvpType.ACCM, new byte[10]), Avp.of(AvpType.valueOf(311, 1), new byte[0]));

        assertThat(p.last().type()).isEqualTo(MessageType.CDN);
        assertThat(p.last().find(AvpType.ASSIGNED_SESSION_ID).orElseThrow().u16()).isEqualTo(session);
        assertThat(p.events).last().asString().startsWith("sessionDown: unknown AVP vendor 311 attribute 1");
    }

    @Test
    void unknownMandatoryAvpInATunnelMessageClearsTheTunnelWithStopCcn() {
        RawPeer p = new RawPeer();
        p.establish();
        p.call();

        p.send(MessageType.HELLO, 0, Avp.of(AvpType.valueOf(0, 99), new byte[0]));

        ControlMessage stop = p.last();
        assertThat(stop.type()).isEqualTo(MessageType.STOPCCN);
        assertThat(stop.find(AvpType.ASSIGNED_TUNNEL_ID).orElseThrow().u16()).isEqualTo(p.lnsTunnel);
        assertThat(result(stop).error()).isEqualTo(ResultCode.ERROR_UNKNOWN_MANDATORY_AVP);
        assertThat(p.lns.tunnelState("peer", p.lnsTunnel)).isEqualTo(TunnelState.CLOSING);
        assertThat(p.events).last().asString().startsWith("tunnelDown: unknown AVP");
    }

    @Test
    void anSccrqWithAnUnknownMandatoryAvpIsAnsweredWithStopCcn() {
        RawPeer p = new RawPeer();
        p.send(MessageType.SCCRQ, 0, Avp.u16(AvpType.PROTOCOL_VERSION, 0x0100), Avp.string(AvpType.HOST_NAME, "raw"),
                Avp.u32(AvpType.FRAMING_CAPABILITIES, 3), Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, PEER_TUNNEL),
                Avp.of(AvpType.valueOf(0, 99), new byte[] {1}));

        assertThat(p.received).hasSize(1);
        ControlMessage stop = p.last();
        assertThat(stop.type()).isEqualTo(MessageType.STOPCCN);
        assertThat(stop.tunnelId()).isEqualTo(PEER_TUNNEL);
        assertThat(result(stop).error()).isEqualTo(ResultCode.ERROR_UNKNOWN_MANDATORY_AVP);
    }

    @Test
    void unknownOptionalAvpsAreIgnored() {
        RawPeer p = new RawPeer();
        p.establish();

        p.send(MessageType.HELLO, 0, Avp.of(AvpType.valueOf(311, 7), new byte[] {1, 2}).withMandatory(false));

        assertThat(p.last().isZlb()).isTrue();
        assertThat(p.lns.tunnelState("peer", p.lnsTunnel)).isEqualTo(TunnelState.ESTABLISHED);
    }

    @Test
    void unknownMessageTypeClearsTheTunnelOnlyWithTheMBit() {
        RawPeer p = new RawPeer();
        p.establish();

        ControlMessage optional = ControlMessage.of(MessageType.valueOf(99), p.lnsTunnel, 0);
        byte[] d = ControlCodec.encode(optional, null);
        d[12] = 0x00;   // clear the M bit of the Message Type AVP
        try {
            p.send(ControlCodec.decode(d, 0, d.length, null));
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
        assertThat(p.last().isZlb()).isTrue();
        assertThat(p.lns.tunnelState("peer", p.lnsTunnel)).isEqualTo(TunnelState.ESTABLISHED);

        p.send(MessageType.valueOf(99), 0);
        assertThat(p.last().type()).isEqualTo(MessageType.STOPCCN);
    }

    @Test
    void missingRequiredAvpsAreAnError() {
        RawPeer p = new RawPeer();
        p.establish();
        int session = p.call();

        p.send(MessageType.ICCN, session, Avp.u32(AvpType.TX_CONNECT_SPEED, 1));   // no Framing Type

        assertThat(p.last().type()).isEqualTo(MessageType.CDN);
        assertThat(result(p.last()).message()).contains("without Framing Type (RFC 2661 §6.8)");
    }

    @Test
    void anUnsupportedProtocolVersionIsRefused() {
        RawPeer p = new RawPeer();
        p.send(MessageType.SCCRQ, 0, Avp.u16(AvpType.PROTOCOL_VERSION, 0x0200), Avp.string(AvpType.HOST_NAME, "raw"),
                Avp.u32(AvpType.FRAMING_CAPABILITIES, 3), Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, PEER_TUNNEL));

        ControlMessage stop = p.last();
        assertThat(stop.type()).isEqualTo(MessageType.STOPCCN);
        assertThat(result(stop).result()).isEqualTo(ResultCode.STOPCCN_VERSION_NOT_SUPPORTED);
        assertThat(result(stop).error()).isEqualTo(0x0100);
    }

    @Test
    void sliIsNotedAndWenAccepted() {
        RawPeer p = new RawPeer();
        p.establish();
        int session = p.call();
        p.send(MessageType.ICCN, session, Avp.u32(AvpType.TX_CONNECT_SPEED, 1), Avp.u32(AvpType.FRAMING_TYPE, 3),
                Avp.empty(AvpType.SEQUENCING_REQUIRED));

        p.send(MessageType.SLI, session, Avp.of(AvpType.ACCM, HexFormat.of().parseHex("0000 000a0000 000b0000".replace(" ", ""))));
        p.send(MessageType.WEN, session, Avp.of(AvpType.CALL_ERRORS, new byte[26]));

        L2tpSession s = p.up.getFirst();
        assertThat(s.sendAccm()).isEqualTo(0x000a0000L);
        assertThat(s.receiveAccm()).isEqualTo(0x000b0000L);
        assertThat(s.sequencingRequired()).isTrue();
        assertThat(s.sendsSequenceNumbers()).isTrue();
        assertThat(s.isEstablished()).isTrue();
        assertThat(p.last().isZlb()).isTrue();
    }

    @Test
    void badInputIsDroppedAndCounted() {
        RawPeer p = new RawPeer();
        p.establish();
        int session = p.call();

        byte[] garbage = HexFormat.of().parseHex("c8020010000000000000");
        p.lns.receive("peer", garbage, 0, garbage.length, 0);
        byte[] noTunnelId = ControlCodec.encode(ControlMessage.of(MessageType.SCCRQ, 0, 0,
                Avp.u16(AvpType.PROTOCOL_VERSION, 0x0100)), null);
        p.lns.receive("peer", noTunnelId, 0, noTunnelId.length, 0);
        byte[] unknownTunnel = ControlCodec.encode(ControlMessage.of(MessageType.HELLO, 4242, 0), null);
        p.lns.receive("peer", unknownTunnel, 0, unknownTunnel.length, 0);
        byte[] shortData = HexFormat.of().parseHex("0002");
        p.lns.receive("peer", shortData, 0, shortData.length, 0);
        byte[] dataBeforeIccn = HexFormat.of().parseHex("0002%04x%04xff03c021".formatted(p.lnsTunnel, session));
        p.lns.receive("peer", dataBeforeIccn, 0, dataBeforeIccn.length, 0);
        byte[] unknownSession = HexFormat.of().parseHex("0002%04x0001ff03c021".formatted(p.lnsTunnel));
        p.lns.receive("peer", unknownSession, 0, unknownSession.length, 0);
        p.lns.receive("peer", new byte[0], 0, 0, 0);

        assertThat(p.lns.dropped(L2tpDrop.MALFORMED_CONTROL)).isEqualTo(2);
        assertThat(p.lns.dropped(L2tpDrop.UNKNOWN_TUNNEL)).isEqualTo(1);
        assertThat(p.lns.dropped(L2tpDrop.MALFORMED_DATA)).isEqualTo(2);
        assertThat(p.lns.dropped(L2tpDrop.SESSION_NOT_ESTABLISHED)).isEqualTo(1);
        assertThat(p.lns.dropped(L2tpDrop.UNKNOWN_SESSION)).isEqualTo(1);
        assertThat(p.events).doesNotContain("ppp");
        assertThat(p.lns.tunnelState("peer", p.lnsTunnel)).isEqualTo(TunnelState.ESTABLISHED);
    }

    @Test
    void tunnelIdsNeedOnlyBeUniquePerPeerKey() {
        // A generator that always says the same: every peer key is offered the same local tunnel ID.
        java.util.random.RandomGenerator constant = () -> 42L;
        List<String> assigned = new ArrayList<>();
        L2tpLns lns = new L2tpLns(L2tpSettings.defaults(), constant, (k, d) -> {
            try {
                ControlMessage m = ControlCodec.decode(d, 0, d.length, null);
                assigned.add(k + "=" + m.find(AvpType.ASSIGNED_TUNNEL_ID).orElseThrow().u16());
            } catch (MalformedPacketException e) {
                throw new AssertionError(e);
            }
        });
        for (String peer : List.of("sa-1", "sa-2", "sa-3", "sa-1")) {
            int peerTunnel = lns.tunnelCount() + 1;    // sa-1 asks twice, with two different IDs of its own
            byte[] d = ControlCodec.encode(ControlMessage.of(MessageType.SCCRQ, 0, 0,
                    Avp.u16(AvpType.PROTOCOL_VERSION, 0x0100), Avp.string(AvpType.HOST_NAME, "x"),
                    Avp.u32(AvpType.FRAMING_CAPABILITIES, 3), Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, peerTunnel)), null);
            lns.receive(peer, d, 0, d.length, 0);
        }

        assertThat(lns.tunnelCount()).isEqualTo(4);
        assertThat(assigned).hasSize(4);
        String shared = assigned.getFirst().substring("sa-1=".length());
        assertThat(assigned.subList(0, 3)).containsExactly("sa-1=" + shared, "sa-2=" + shared, "sa-3=" + shared);
        assertThat(assigned.get(3)).startsWith("sa-1=").isNotEqualTo("sa-1=" + shared);
        for (String a : assigned) {
            String[] kv = a.split("=");
            assertThat(lns.tunnelState(kv[0], Integer.parseInt(kv[1]))).as(a).isEqualTo(TunnelState.WAIT_CTL_CONN);
        }
    }

    @Test
    void aTunnelThatNeverSendsScccnIsClearedAfterTheSetupTimeout() {
        RawPeer p = new RawPeer();
        p.send(MessageType.SCCRQ, 0, Avp.u16(AvpType.PROTOCOL_VERSION, 0x0100), Avp.string(AvpType.HOST_NAME, "raw"),
                Avp.u32(AvpType.FRAMING_CAPABILITIES, 3), Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, PEER_TUNNEL));
        p.lnsTunnel = p.last().find(AvpType.ASSIGNED_TUNNEL_ID).orElseThrow().u16();
        p.ack();

        p.runUntil(59_999);
        assertThat(p.lns.tunnelState("peer", p.lnsTunnel)).isEqualTo(TunnelState.WAIT_CTL_CONN);
        p.runUntil(60_000);

        assertThat(p.last().type()).isEqualTo(MessageType.STOPCCN);
        assertThat(result(p.last()).message()).isEqualTo("control connection not established within 60 s");
        assertThat(p.lns.tunnelState("peer", p.lnsTunnel)).isEqualTo(TunnelState.CLOSING);
    }

    @Test
    void aSessionThatNeverSendsIccnIsClearedWithCdnResult10() {
        RawPeer p = new RawPeer();
        p.establish();
        p.call();
        p.ack();

        p.runUntil(60_000);

        ControlMessage cdn = p.received.stream().filter(m -> m.type().equals(MessageType.CDN)).findFirst().orElseThrow();
        assertThat(cdn.sessionId()).isEqualTo(PEER_SESSION);
        assertThat(result(cdn).result()).isEqualTo(ResultCode.CDN_TIMEOUT);
        assertThat(p.lns.sessionCount()).isZero();
        assertThat(p.events).doesNotContain("sessionUp");
    }
}
