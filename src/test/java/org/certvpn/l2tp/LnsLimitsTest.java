package org.certvpn.l2tp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.l2tp.wire.Avp;
import org.certvpn.l2tp.wire.AvpType;
import org.certvpn.l2tp.wire.ControlCodec;
import org.certvpn.l2tp.wire.ControlMessage;
import org.certvpn.l2tp.wire.MessageType;
import org.certvpn.l2tp.wire.ResultCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a peer inside an authenticated SA can make the LNS hold: tunnels per peer key and in all, sessions
 * per tunnel, and answers queued for a peer that never acknowledges. Refusals are logged once per interval.
 */
class LnsLimitsTest {
    private static final Logger L2TP_LOG = Logger.getLogger("org.certvpn.l2tp");
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(r.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private final java.util.logging.Level levelBefore = L2TP_LOG.getLevel();

    LnsLimitsTest() {
        L2TP_LOG.setLevel(java.util.logging.Level.INFO); // another test may have quietened it
        L2TP_LOG.addHandler(capture);
    }

    @AfterEach
    void detach() {
        L2TP_LOG.removeHandler(capture);
        L2TP_LOG.setLevel(levelBefore);
    }

    /** Scripted peers behind several peer keys; acknowledges what the LNS sent unless told not to. */
    private static final class Peers implements L2tpListener {
        final L2tpLns lns;
        final List<ControlMessage> received = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        int ns;
        int nr;
        boolean acknowledge = true;
        long now = 1_000;

        Peers(L2tpLns.Limits limits) {
            lns = new L2tpLns(L2tpSettings.defaults(), new SplittableRandom(9), this, limits);
        }

        @Override
        public void sendControl(Object peerKey, byte[] d) {
            try {
                ControlMessage m = ControlCodec.decode(d, 0, d.length, null);
                received.add(m);
                if (!m.isZlb() && acknowledge) {
                    nr = (m.ns() + 1) & 0xFFFF;
                }
            } catch (MalformedPacketException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void tunnelDown(TunnelInfo t, String reason) {
            events.add("tunnelDown: " + reason);
        }

        void send(Object key, int tunnel, MessageType type, int session, Avp... body) {
            byte[] d = ControlCodec.encode(ControlMessage.of(type, tunnel, session, body).withSequence(ns++, nr), null);
            lns.receive(key, d, 0, d.length, now);
        }

        /** An SCCRQ from a new peer tunnel ID; returns our tunnel ID from the SCCRP, or 0 when unanswered. */
        int sccrq(Object key, int peerTunnel) {
            int before = received.size();
            ns = 0;
            nr = 0;
            send(key, 0, MessageType.SCCRQ, 0, Avp.u16(AvpType.PROTOCOL_VERSION, 0x0100),
                    Avp.string(AvpType.HOST_NAME, "flood"), Avp.u32(AvpType.FRAMING_CAPABILITIES, 3),
                    Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, peerTunnel));
            return received.size() == before ? 0 : received.getLast().find(AvpType.ASSIGNED_TUNNEL_ID).orElseThrow().u16();
        }

        int establish(Object key) {
            int tunnel = sccrq(key, 0x1234);
            send(key, tunnel, MessageType.SCCCN, 0);
            return tunnel;
        }

        void icrq(Object key, int tunnel, int peerSession) {
            send(key, tunnel, MessageType.ICRQ, 0, Avp.u16(AvpType.ASSIGNED_SESSION_ID, peerSession),
                    Avp.u32(AvpType.CALL_SERIAL_NUMBER, peerSession));
        }
    }

    private long loggedContaining(String text) {
        synchronized (logged) {
            return logged.stream().filter(l -> l.contains(text)).count();
        }
    }

    @Test
    void sccrqsBeyondThePeerKeysTunnelLimitAreDroppedUnansweredAndLoggedOnce() {
        Peers p = new Peers(new L2tpLns.Limits(100, 2, 8));
        assertThat(p.sccrq("a", 1)).isNotZero();
        assertThat(p.sccrq("a", 2)).isNotZero();
        for (int i = 3; i < 500; i++) {
            assertThat(p.sccrq("a", i)).isZero();
        }
        assertThat(p.lns.dropped(L2tpDrop.TUNNEL_LIMIT)).isEqualTo(497);
        assertThat(p.sccrq("b", 1)).as("another peer key is not affected").isNotZero();
        assertThat(p.lns.tunnelCount()).isEqualTo(3);
        assertThat(loggedContaining("tunnels for this peer reached")).isEqualTo(1);
    }

    @Test
    void theEngineWideTunnelLimitHolds() {
        Peers p = new Peers(new L2tpLns.Limits(3, 4, 8));
        for (int k = 0; k < 10; k++) {
            p.sccrq("peer" + k, 7);
        }
        assertThat(p.lns.tunnelCount()).isEqualTo(3);
        assertThat(p.lns.dropped(L2tpDrop.TUNNEL_LIMIT)).isEqualTo(7);
    }

    @Test
    void icrqsBeyondTheSessionLimitGetCdnResult4AndOneLogLine() {
        Peers p = new Peers(new L2tpLns.Limits(100, 4, 2));
        int tunnel = p.establish("a");
        for (int s = 1; s <= 200; s++) {
            p.icrq("a", tunnel, s);
        }
        long icrps = p.received.stream().filter(m -> m.type().equals(MessageType.ICRP)).count();
        List<ControlMessage> cdns = p.received.stream().filter(m -> m.type().equals(MessageType.CDN)).toList();
        assertThat(icrps).isEqualTo(2);
        assertThat(cdns).hasSize(198).allSatisfy(c -> assertThat(
                ResultCode.from(c.find(AvpType.RESULT_CODE).orElseThrow()).result())
                .isEqualTo(ResultCode.CDN_NO_FACILITIES_TEMPORARY));
        assertThat(p.lns.dropped(L2tpDrop.SESSION_LIMIT)).isEqualTo(198);
        assertThat(loggedContaining("sessions per tunnel reached")).isEqualTo(1);
    }

    @Test
    void aPeerThatKeepsAskingButNeverAcknowledgesLosesItsTunnelInsteadOfGrowingOurQueue() {
        Peers p = new Peers(new L2tpLns.Limits(100, 4, 100_000));
        int tunnel = p.establish("a");
        p.acknowledge = false;
        for (int s = 1; s <= 1_000 && p.events.isEmpty(); s++) {
            p.icrq("a", tunnel, s);
        }
        assertThat(p.events).singleElement().asString().contains("wait for the peer's acknowledgements");
        assertThat(p.received.size()).isLessThan(ReliableChannel.MAX_UNSENT + 20);
    }

    @Test
    void malformedControlMessagesAreCountedEachAndLoggedOncePerInterval() {
        Peers p = new Peers(L2tpLns.Limits.DEFAULT);
        byte[] bad = {(byte) 0xC8, 0x02, 0, 20, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0x80, 0x08, 0, 0, 0, 0, 0};
        for (int i = 0; i < 300; i++) {
            p.lns.receive("a", bad, 0, bad.length, p.now);
        }
        assertThat(p.lns.dropped(L2tpDrop.MALFORMED_CONTROL)).isEqualTo(300);
        assertThat(loggedContaining("drop malformed control message")).isEqualTo(1);
    }
}
