package org.certvpn.l2tp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.certvpn.l2tp.InMemoryNetwork.Recorder;
import org.certvpn.l2tp.wire.ControlMessage;
import org.certvpn.l2tp.wire.MessageType;
import org.junit.jupiter.api.Test;

/** LAC ↔ LNS in memory with a fake clock: establishment, several tunnels and sessions, teardown, loss. */
class LnsLacTest {
    private static final byte[] LCP_CONFREQ = HexFormat.of().parseHex("ff03c021010100040000");

    private static InMemoryNetwork net(L2tpSettings lns) {
        return new InMemoryNetwork(lns, 1);
    }

    /** Starts the LAC with one session and runs until both are up. */
    private static L2tpSession connect(InMemoryNetwork net, L2tpLac lac) {
        lac.start(net.now);
        L2tpSession s = lac.openSession(net.now);
        net.runFor(5_000);
        assertThat(s.isEstablished()).as("LAC session up").isTrue();
        return s;
    }

    @Test
    void androidLikeLacBringsUpATunnelAndASession() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "198.51.100.7:1701", 7);

        L2tpSession lacSession = connect(net, lac);

        // mtpd's order: ICRQ only after SCCCN is acknowledged; the session is up once ICCN is.
        assertThat(net.controlTrace()).containsExactly(
                "lac@198.51.100.7:1701 SCCRQ", "lns SCCRP", "lac@198.51.100.7:1701 SCCCN", "lns ZLB",
                "lac@198.51.100.7:1701 ICRQ", "lns ICRP", "lac@198.51.100.7:1701 ICCN", "lns ZLB");
        Recorder lns = net.lnsEvents;
        assertThat(lns.tunnelsUp).hasSize(1);
        TunnelInfo t = lns.tunnelsUp.getFirst();
        assertThat(t.peerHostName()).isEqualTo("anonymous");
        assertThat(t.peerFramingCapabilities()).isEqualTo(3);
        assertThat(t.peerReceiveWindow()).isEqualTo(1);
        assertThat(t.peerTunnelId()).isEqualTo(lac.localTunnelId());
        assertThat(t.peerKey()).isEqualTo("198.51.100.7:1701");

        L2tpSession lnsSession = lns.up.getFirst();
        assertThat(lnsSession.peerSessionId()).isEqualTo(lacSession.localSessionId());
        assertThat(lacSession.peerSessionId()).isEqualTo(lnsSession.localSessionId());
        assertThat(lnsSession.callSerialNumber()).isEqualTo(lacSession.callSerialNumber());
        assertThat(lnsSession.framingType()).isEqualTo(3);
        assertThat(lnsSession.txConnectSpeed()).isEqualTo(100_000_000L);
        assertThat(lnsSession.sequencingRequired()).isFalse();
        assertThat(lac.info().peerHostName()).isEqualTo("certvpn");
        assertThat(lac.info().peerVendorName()).isEqualTo("CertVPN");
        assertThat(lac.info().peerFirmwareRevision()).isEqualTo(0x0100);
    }

    @Test
    void pppFramesFlowBothWaysWithThePlainHeaderByDefault() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        L2tpSession lacSession = connect(net, lac);
        L2tpSession lnsSession = net.lnsEvents.up.getFirst();

        net.sendFromLac(lac, lacSession, LCP_CONFREQ);
        byte[] sent = net.sendFromLns(lnsSession, LCP_CONFREQ);
        net.runFor(100);

        assertThat(net.lnsEvents.frames).containsExactly(LCP_CONFREQ);
        assertThat(net.events(lac).frames).containsExactly(LCP_CONFREQ);
        assertThat(sent).hasSize(6 + LCP_CONFREQ.length);             // mtpd's PPPoLAC default: no L, no S
        assertThat(lnsSession.rxPackets()).isEqualTo(1);
        assertThat(lnsSession.txPackets()).isEqualTo(1);
    }

    @Test
    void lengthBitSettingAndSequencingMirrorTheConfigurationAndThePeer() {
        InMemoryNetwork net = net(L2tpSettings.defaults().withLengthBit(true));
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        L2tpSession lacSession = connect(net, lac);
        L2tpSession lnsSession = net.lnsEvents.up.getFirst();

        assertThat(net.sendFromLns(lnsSession, LCP_CONFREQ)).hasSize(8 + LCP_CONFREQ.length);
        assertThat(lnsSession.sendsSequenceNumbers()).isFalse();

        // A peer that numbers its data gets numbered data back (RFC 2661 §5.4, mirrored).
        byte[] numbered = HexFormat.of().parseHex("0802" + "%04x%04x".formatted(lnsSession.localTunnelId(),
                lnsSession.localSessionId()) + "0000 0000".replace(" ", "") + "ff03c021");
        net.lns.receive("k", numbered, 0, numbered.length, net.now);
        assertThat(lnsSession.sendsSequenceNumbers()).isTrue();
        byte[] d1 = net.sendFromLns(lnsSession, LCP_CONFREQ);
        byte[] d2 = net.sendFromLns(lnsSession, LCP_CONFREQ);
        assertThat(d1).hasSize(12 + LCP_CONFREQ.length);
        assertThat(HexFormat.of().formatHex(d1, 0, 2)).isEqualTo("4802");
        assertThat(HexFormat.of().formatHex(d2, 8, 10)).isEqualTo("0001");   // Ns counts up
        net.runFor(100);
        assertThat(net.events(lac).frames).hasSize(3);
        assertThat(lacSession.rxOutOfSequence()).isZero();
    }

    @Test
    void severalSessionsInOneTunnel() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        lac.start(0);
        List<L2tpSession> sessions = List.of(lac.openSession(0), lac.openSession(0), lac.openSession(0));
        net.runFor(2_000);

        assertThat(sessions).allMatch(L2tpSession::isEstablished);
        assertThat(net.lnsEvents.up).hasSize(3);
        assertThat(net.lnsEvents.up).extracting(L2tpSession::localSessionId).doesNotHaveDuplicates();
        assertThat(net.lns.sessionCount()).isEqualTo(3);
        for (L2tpSession s : sessions) {
            net.sendFromLac(lac, s, new byte[] {(byte) 0xff, 0x03, 0x00, 0x21, (byte) s.localSessionId()});
        }
        net.runFor(100);
        assertThat(net.lnsEvents.frames).hasSize(3);
    }

    @Test
    void severalTunnelsFromOnePeerKey() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac a = net.addLac(L2tpSettings.androidLac(), "one-sa", 1);
        L2tpLac b = net.addLac(L2tpSettings.androidLac(), "one-sa", 2);
        L2tpLac c = net.addLac(L2tpSettings.androidLac(), "one-sa", 3);
        for (L2tpLac lac : List.of(a, b, c)) {
            lac.start(0);
            lac.openSession(0);
        }
        net.runFor(2_000);

        assertThat(net.lns.tunnelCount()).isEqualTo(3);
        assertThat(net.lnsEvents.tunnelsUp).extracting(TunnelInfo::localTunnelId).doesNotHaveDuplicates();
        assertThat(net.lnsEvents.up).hasSize(3);
        assertThat(List.of(a, b, c)).allMatch(l -> l.state() == TunnelState.ESTABLISHED);
        // Each LAC ignored the other tunnels' messages that shared its socket.
        assertThat(a.dropped(L2tpDrop.UNKNOWN_TUNNEL)).isPositive();
    }

    @Test
    void twoClientsBehindOneNatPickingTheSameIdsDoNotCollide() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        // Same seed: both LACs choose the same tunnel ID, session ID and call serial.
        L2tpLac a = net.addLac(L2tpSettings.androidLac(), "203.0.113.9:4500 SA 1", 99);
        L2tpLac b = net.addLac(L2tpSettings.androidLac(), "203.0.113.9:4500 SA 2", 99);
        assertThat(a.localTunnelId()).isEqualTo(b.localTunnelId());
        L2tpSession sa = connect(net, a);
        L2tpSession sb = connect(net, b);
        assertThat(sa.localSessionId()).isEqualTo(sb.localSessionId());

        assertThat(net.lns.tunnelCount()).isEqualTo(2);
        assertThat(net.lnsEvents.up).hasSize(2);
        net.sendFromLac(a, sa, new byte[] {(byte) 0xff, 0x03, 0x00, 0x21, 0x0a});
        net.sendFromLac(b, sb, new byte[] {(byte) 0xff, 0x03, 0x00, 0x21, 0x0b});
        net.runFor(100);
        assertThat(net.lnsEvents.frames).hasSize(2);

        // B goes away; A is untouched.
        b.close("user disconnected", net.now);
        net.runFor(1_000);
        assertThat(net.lnsEvents.saw("tunnelDown " + sb.peerTunnelId())).isTrue();
        assertThat(net.lnsEvents.up.getFirst().isEstablished()).isTrue();
        assertThat(a.state()).isEqualTo(TunnelState.ESTABLISHED);
    }

    @Test
    void aTunnelIsBoundToThePeerKeyThatCreatedIt() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac a = net.addLac(L2tpSettings.androidLac(), "sa-A", 5);
        connect(net, a);
        L2tpSession lnsSession = net.lnsEvents.up.getFirst();

        // The same tunnel and session IDs arriving through another SA are not this tunnel's.
        byte[] data = HexFormat.of().parseHex("0002%04x%04xff03c021".formatted(lnsSession.localTunnelId(),
                lnsSession.localSessionId()));
        net.lns.receive("sa-B", data, 0, data.length, net.now);
        byte[] hello = org.certvpn.l2tp.wire.ControlCodec.encode(
                ControlMessage.of(MessageType.HELLO, lnsSession.localTunnelId(), 0), null);
        net.lns.receive("sa-B", hello, 0, hello.length, net.now);

        assertThat(net.lns.dropped(L2tpDrop.WRONG_PEER_KEY)).isEqualTo(2);
        assertThat(net.lnsEvents.frames).isEmpty();
        net.lns.receive("sa-A", data, 0, data.length, net.now);
        assertThat(net.lnsEvents.frames).hasSize(1);
    }

    @Test
    void aRetransmittedSccrqDoesNotCreateASecondTunnel() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        int[] lnsSent = {0};
        net.deliver = (fromLns, at) -> !(fromLns && lnsSent[0]++ == 0);   // lose the first SCCRP

        L2tpSession s = connect(net, lac);
        net.runFor(5_000);

        assertThat(s.isEstablished()).isTrue();
        assertThat(net.lns.tunnelCount()).isEqualTo(1);
        assertThat(net.controlTrace().stream().filter(l -> l.endsWith("SCCRQ")).count()).isEqualTo(1);
        assertThat(net.controlTrace()).containsSubsequence("lns SCCRP", "lns SCCRP");   // retransmitted after 1 s
    }

    @Test
    void aSccrqRetransmittedBecauseOurAnswerWasLateReachesTheSameTunnel() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        net.latency = 1_500;    // the LAC's 2 s timer fires before the SCCRP round trip completes
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        lac.start(0);
        lac.openSession(0);
        net.runFor(20_000);

        assertThat(net.controlTrace().stream().filter(l -> l.endsWith("SCCRQ")).count()).isGreaterThan(1);
        assertThat(net.lns.tunnelCount()).isEqualTo(1);
        assertThat(net.lnsEvents.up).hasSize(1);
    }

    @Test
    void cdnFromTheLacEndsTheSessionOnTheLns() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        L2tpSession s = connect(net, lac);

        lac.closeSession(s, "user hung up", net.now);
        net.runFor(1_000);

        assertThat(net.lnsEvents.saw("sessionDown")).isTrue();
        assertThat(net.lnsEvents.events).anyMatch(e -> e.contains("peer sent CDN: result 3 (administrative reasons)"));
        assertThat(net.lns.sessionCount()).isZero();
        assertThat(net.lns.tunnelState("k", s.peerTunnelId())).isEqualTo(TunnelState.ESTABLISHED);
    }

    @Test
    void cdnFromTheLnsEndsTheSessionOnTheLac() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        L2tpSession s = connect(net, lac);

        net.lns.closeSession(net.lnsEvents.up.getFirst(), "LCP echo failures", net.now);
        net.runFor(1_000);

        assertThat(net.lnsEvents.saw("sessionDown")).isTrue();
        assertThat(net.events(lac).events).anyMatch(e -> e.startsWith("sessionDown") && e.contains("LCP echo failures"));
        assertThat(s.state()).isEqualTo(SessionState.CLOSED);
        assertThat(lac.state()).isEqualTo(TunnelState.ESTABLISHED);
    }

    @Test
    void stopCcnFromTheLacTearsTheTunnelDownOnTheLns() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        L2tpSession s = connect(net, lac);

        lac.close("VPN switched off", net.now);
        net.runFor(1_000);

        Recorder lns = net.lnsEvents;
        assertThat(lns.events).filteredOn(e -> e.startsWith("session") || e.startsWith("tunnel")).containsSubsequence(
                "tunnelUp " + s.peerTunnelId(),
                "sessionDown " + s.peerTunnelId() + "/" + s.peerSessionId()
                        + ": peer sent StopCCN: result 6 (requester is being shut down)",
                "tunnelDown " + s.peerTunnelId() + ": peer sent StopCCN: result 6 (requester is being shut down)");
        assertThat(net.lns.tunnelState("k", s.peerTunnelId())).isEqualTo(TunnelState.CLOSED);
        assertThat(lac.state()).isEqualTo(TunnelState.CLOSED);   // the LNS acknowledged the StopCCN

        // The closed tunnel lingers for the retransmission interval, then is forgotten (RFC 2661 §5.7).
        net.runFor(L2tpSettings.defaults().giveUpAfter().toMillis() + 1_000);
        assertThat(net.lns.tunnelCount()).isZero();
    }

    @Test
    void stopCcnFromTheLnsTearsTheTunnelDownOnTheLac() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        L2tpSession s = connect(net, lac);

        net.lns.closeTunnel("k", s.peerTunnelId(), "administratively closed", net.now);
        net.runFor(1_000);

        assertThat(net.events(lac).events).anyMatch(e -> e.startsWith("tunnelDown")
                && e.contains("result 1 (general request to clear control connection)"));
        assertThat(net.lnsEvents.saw("sessionDown")).isTrue();
        assertThat(net.lnsEvents.saw("tunnelDown")).isTrue();
        assertThat(net.lns.tunnelState("k", s.peerTunnelId())).isEqualTo(TunnelState.CLOSED);
    }

    /** Runs an established tunnel into a 90 s blackout that starts just before the LNS's first HELLO. */
    private static InMemoryNetwork blackout(L2tpSettings lnsSettings) {
        InMemoryNetwork net = net(lnsSettings);
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "phone", 7);
        connect(net, lac);
        long hello = lnsSettings.helloInterval().toMillis();
        long start = hello - 500;
        long end = start + 90_000;
        net.deliver = (fromLns, at) -> at < start || at >= end;
        net.runUntil(start + 600_000);
        return net;
    }

    @Test
    void aNinetySecondBlackoutIsSurvivedWithTheSeedsValues() {
        InMemoryNetwork net = blackout(L2tpSettings.defaults().withSeedTimers());

        assertThat(net.lnsEvents.saw("tunnelDown")).isFalse();
        assertThat(net.lnsEvents.saw("sessionDown")).isFalse();
        assertThat(net.lnsEvents.up.getFirst().isEstablished()).isTrue();
        // HELLO went out into the blackout and was retransmitted until it got through.
        long hellos = net.controlTrace().stream().filter(l -> l.equals("lns HELLO")).count();
        assertThat(hellos).isGreaterThan(3);
        assertThat(net.lns.retransmissions()).as("every HELLO on the wire but the first of each").isPositive()
                .isLessThan(hellos);
    }

    @Test
    void aNinetySecondBlackoutTearsTheTunnelDownWithXl2tpdsDefaults() {
        InMemoryNetwork net = blackout(L2tpSettings.defaults());

        Recorder lns = net.lnsEvents;
        assertThat(lns.saw("sessionDown")).as("the gateway learns to free the address").isTrue();
        assertThat(lns.events).anyMatch(e -> e.startsWith("tunnelDown")
                && e.endsWith("peer unreachable: HELLO Ns=2 not acknowledged after 5 transmissions in 31.0 s"));
        long helloSent = net.wire.stream().filter(w -> w.from().equals("lns") && w.message().type().equals(MessageType.HELLO))
                .findFirst().orElseThrow().at();
        assertThat(lns.when("tunnelDown")).isEqualTo(helloSent + 31_000);
        assertThat(net.lns.sessionCount()).isZero();
        // Four of the five transmissions were retransmissions; the count outlives the tunnel.
        assertThat(net.lns.retransmissions()).isEqualTo(4);
    }

    @Test
    void shutdownSendsCdnsThenStopCcnAndReportsTheAcknowledgement() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        lac.start(0);
        lac.openSession(0);
        lac.openSession(0);
        net.runFor(2_000);
        int before = net.wire.size();

        net.lns.shutdown(net.now);
        net.runFor(5_000);

        List<String> sent = net.wire.subList(before, net.wire.size()).stream()
                .filter(w -> w.from().equals("lns")).map(w -> w.message().type().name()).toList();
        assertThat(sent).containsExactly("CDN", "CDN", "StopCCN");
        assertThat(net.lnsEvents.events).containsSubsequence("shutdownComplete 1 acknowledged, 0 timed out");
        assertThat(net.lns.isShutdownComplete()).isTrue();
        assertThat(lac.state()).isEqualTo(TunnelState.CLOSED);
        // A peer window of 1 means one message in flight at a time: each CDN waited for its ZLB.
        assertOneInFlight(net, "lns");
    }

    @Test
    void shutdownAgainstAnMtpdThatHangsUpOnTheFirstCdn() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        connect(net, lac);
        // mtpd treats a CDN as "remote server hung up" and leaves with its own StopCCN.
        net.events(lac).onEvent = e -> {
            if (e.startsWith("sessionDown") && e.contains("peer sent CDN")) {
                lac.close("remote server hung up", net.now);
            }
        };
        int before = net.wire.size();

        net.lns.shutdown(net.now);
        net.runFor(5_000);

        assertThat(net.wire.subList(before, net.wire.size())).extracting(w -> w.from() + " " + w.message().type())
                .containsExactly("lns CDN", "lac@k StopCCN", "lns ZLB");
        assertThat(net.lnsEvents.events).contains("shutdownComplete 1 acknowledged, 0 timed out");
    }

    @Test
    void shutdownReportsAPeerThatNeverAnswers() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        connect(net, lac);
        net.deliver = (fromLns, at) -> false;

        net.lns.shutdown(net.now);
        net.runFor(60_000);

        assertThat(net.lnsEvents.events).contains("shutdownComplete 0 acknowledged, 1 timed out");
    }

    /** Every message a side sends was preceded by the acknowledgement of the one before it. */
    private static void assertOneInFlight(InMemoryNetwork net, String side) {
        int lastNs = -1;
        int peerNr = 0;
        for (InMemoryNetwork.WireEvent w : net.wire) {
            ControlMessage m = w.message();
            if (!w.from().equals(side)) {
                peerNr = m.nr();
            } else if (!m.isZlb() && m.ns() != lastNs) {
                assertThat(m.ns()).as("new message sent before the previous was acknowledged").isLessThanOrEqualTo(peerNr);
                lastNs = m.ns();
            }
        }
    }

    @Test
    void tunnelAuthenticationBothWays() {
        L2tpSettings lnsSettings = L2tpSettings.defaults().withSecret("s3cret", true, true);
        InMemoryNetwork net = net(lnsSettings);
        L2tpLac lac = net.addLac(L2tpSettings.androidLac().withSecret("s3cret", true, false), "k", 7);

        connect(net, lac);

        assertThat(net.lnsEvents.tunnelsUp.getFirst().authenticated()).isTrue();
        assertThat(lac.info().authenticated()).isTrue();
    }

    @Test
    void androidThatNeverAnswersOurChallengeIsAcceptedUnlessRequired() {
        InMemoryNetwork lenient = net(L2tpSettings.defaults().withSecret("s3cret", true, false));
        L2tpLac a = lenient.addLac(L2tpSettings.androidLac(), "k", 7);     // no secret: no Challenge Response
        connect(lenient, a);
        assertThat(lenient.lnsEvents.tunnelsUp.getFirst().authenticated()).isFalse();

        InMemoryNetwork strict = net(L2tpSettings.defaults().withSecret("s3cret", true, true));
        L2tpLac b = strict.addLac(L2tpSettings.androidLac(), "k", 7);
        b.start(0);
        strict.runFor(2_000);
        assertThat(strict.lnsEvents.tunnelsUp).isEmpty();
        assertThat(b.state()).isEqualTo(TunnelState.CLOSED);
        assertThat(strict.events(b).events).anyMatch(e -> e.startsWith("tunnelDown")
                && e.contains("result 4 (requester is not authorized)"));
    }

    @Test
    void aLacRejectsAnLnsThatAnswersItsChallengeWrongly() {
        InMemoryNetwork net = net(L2tpSettings.defaults().withSecret("other", false, false));
        L2tpLac lac = net.addLac(L2tpSettings.androidLac().withSecret("s3cret", true, false), "k", 7);
        lac.start(0);
        net.runFor(2_000);

        assertThat(lac.state()).isEqualTo(TunnelState.CLOSED);
        assertThat(net.controlTrace()).containsSubsequence("lac@k SCCRQ", "lns SCCRP", "lac@k StopCCN");
        assertThat(net.lnsEvents.tunnelsUp).isEmpty();
    }

    @Test
    void aChallengeWithoutAConfiguredSecretIsRefused() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac().withSecret("s3cret", true, false), "k", 7);
        lac.start(0);
        net.runFor(2_000);

        assertThat(net.controlTrace()).containsSubsequence("lac@k SCCRQ", "lns StopCCN");
        assertThat(lac.state()).isEqualTo(TunnelState.CLOSED);
    }

    @Test
    void hiddenAvpsFromThePeerAreRevealedWithTheSecret() {
        InMemoryNetwork net = net(L2tpSettings.defaults().withSecret("s3cret", false, false).withHiddenAvps(true));
        L2tpLac lac = net.addLac(L2tpSettings.androidLac().withSecret("s3cret", false, false).withHiddenAvps(true), "k", 7);

        L2tpSession s = connect(net, lac);

        ControlMessage icrq = net.wire.stream().filter(w -> w.message().type().equals(MessageType.ICRQ))
                .findFirst().orElseThrow().message();
        assertThat(icrq.avps()).anyMatch(a -> a.hidden());
        assertThat(net.lnsEvents.up.getFirst().peerSessionId()).isEqualTo(s.localSessionId());
    }

    @Test
    void helloKeepsAnIdleTunnelAliveAndTheLacAnswersIt() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        connect(net, lac);

        net.runFor(Duration.ofMinutes(10).toMillis());

        long hellos = net.controlTrace().stream().filter(l -> l.equals("lns HELLO")).count();
        assertThat(hellos).isEqualTo(10);
        assertThat(lac.state()).isEqualTo(TunnelState.ESTABLISHED);
        assertThat(net.lnsEvents.saw("tunnelDown")).isFalse();
    }

    /**
     * A gateway hands plain data messages to PPP without the engine (its fast path). While that path reports
     * data (LCP echo replies every 30 s) no HELLO is sent; once it goes quiet, HELLO goes out exactly one
     * interval after the last data, as for data the engine saw itself.
     */
    @Test
    void dataThatBypassedTheEngineCountsAsHeardForHello() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        connect(net, lac);
        long start = net.now;
        long quietFrom = start + Duration.ofMinutes(10).toMillis();
        List<L2tpSession> asked = new ArrayList<>();
        net.lnsEvents.dataOutsideTheEngine = s -> {
            asked.add(s);
            long last = Math.min(net.now, quietFrom);
            return last - (last - start) % 30_000; // an echo reply every 30 s until quietFrom
        };

        net.runFor(Duration.ofMinutes(10).toMillis());
        assertThat(net.controlTrace()).doesNotContain("lns HELLO");
        assertThat(asked).as("asked about its one session").isNotEmpty().containsOnly(net.lnsEvents.up.getFirst());

        net.runFor(Duration.ofSeconds(61).toMillis());
        long hello = net.wire.stream().filter(w -> w.from().equals("lns") && w.message().type().equals(MessageType.HELLO))
                .findFirst().orElseThrow().at();
        assertThat(hello).isEqualTo(quietFrom + 60_000);
        assertThat(lac.state()).isEqualTo(TunnelState.ESTABLISHED);
    }

    @Test
    void aHelloCrossingTheLacsIcrqIsHeldByTheMtpdRuleAndDeliveredOnRetransmission() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        connect(net, lac);
        long hello = net.lns.nextDeadline();

        net.runUntil(hello - 2);                  // the ICRQ leaves just before the HELLO does
        L2tpSession second = lac.openSession(net.now);
        net.runFor(5_000);

        assertThat(second.isEstablished()).isTrue();
        List<String> trace = net.controlTrace();
        int first = trace.lastIndexOf("lac@k ICRQ");
        assertThat(trace.subList(first, trace.size())).containsExactly(
                "lac@k ICRQ", "lns HELLO", "lns ZLB", "lns HELLO", "lac@k ZLB", "lns ICRP", "lac@k ICCN", "lns ZLB");
    }
    /** When the LNS sent HELLOs, in ms after {@code since}. */
    private static List<Long> hellosSince(InMemoryNetwork net, long since) {
        return net.wire.stream().filter(w -> w.from().equals("lns") && w.message().type().equals(MessageType.HELLO)
                && w.at() >= since).map(w -> w.at() - since).toList();
    }

    @Test
    void aLivenessProbeSendsAHelloAtOnceAndALivePeerKeepsItsTunnel() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        connect(net, lac);
        int tunnel = net.lnsEvents.tunnelsUp.getFirst().localTunnelId();
        long probedAt = net.now;

        assertThat(net.lns.probe("k", tunnel, "a newer tunnel of CN=alice came up", probedAt)).isTrue();

        assertThat(hellosSince(net, probedAt)).as("sent at once, not after the HELLO interval").containsExactly(0L);
        net.runFor(40_000);
        assertThat(net.controlTrace().subList(net.controlTrace().size() - 2, net.controlTrace().size()))
                .containsExactly("lns HELLO", "lac@k ZLB");
        assertThat(hellosSince(net, probedAt)).as("acknowledged: no retransmission").containsExactly(0L);
        assertThat(net.lnsEvents.saw("tunnelDown")).isFalse();
        assertThat(net.lns.tunnelState("k", tunnel)).isEqualTo(TunnelState.ESTABLISHED);
        assertThat(net.lnsEvents.up.getFirst().isEstablished()).isTrue();
        assertThat(net.lns.livenessProbes()).isEqualTo(1);
    }

    @Test
    void anUnansweredLivenessProbeTearsTheTunnelDownAfterTheRetransmissionBudget() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        connect(net, lac);
        int tunnel = net.lnsEvents.tunnelsUp.getFirst().localTunnelId();
        net.deliver = (fromLns, at) -> false;     // switched off: no StopCCN, no answer
        long probedAt = net.now;

        net.lns.probe("k", tunnel, "a newer tunnel of CN=alice came up", probedAt);
        net.runUntil(probedAt + 30_999);
        assertThat(net.lnsEvents.saw("tunnelDown")).isFalse();
        net.runUntil(probedAt + 31_000);

        // xl2tpd's schedule with the defaults (1 s doubling, 5 transmissions), far sooner than HELLO after 60 s idle.
        assertThat(hellosSince(net, probedAt)).containsExactly(0L, 1_000L, 3_000L, 7_000L, 15_000L);
        assertThat(net.lnsEvents.when("tunnelDown")).isEqualTo(probedAt + 31_000);
        assertThat(net.lnsEvents.events).anyMatch(e -> e.startsWith("sessionDown")
                && e.endsWith("peer unreachable: HELLO Ns=2 not acknowledged after 5 transmissions in 31.0 s"));
        assertThat(net.lns.sessionCount()).isZero();
        assertThat(net.lns.tunnelState("k", tunnel)).isNull();
    }

    @Test
    void aMessageAwaitingItsAcknowledgementIsTheProbe() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        connect(net, lac);
        int tunnel = net.lnsEvents.tunnelsUp.getFirst().localTunnelId();
        net.deliver = (fromLns, at) -> false;
        long cdnAt = net.now;
        net.lns.closeSession(net.lnsEvents.up.getFirst(), "PPP ended", cdnAt);
        net.runFor(500);

        assertThat(net.lns.probe("k", tunnel, "a newer tunnel of CN=alice came up", net.now)).isTrue();
        net.runUntil(cdnAt + 31_000);

        assertThat(hellosSince(net, cdnAt)).as("no HELLO behind the CDN").isEmpty();
        assertThat(net.lnsEvents.events).anyMatch(e -> e.startsWith("tunnelDown")
                && e.endsWith("peer unreachable: CDN Ns=2 not acknowledged after 5 transmissions in 31.0 s"));
        assertThat(net.lns.livenessProbes()).isEqualTo(1);
    }

    @Test
    void onlyEstablishedTunnelsAreProbed() {
        InMemoryNetwork net = net(L2tpSettings.defaults());
        L2tpLac lac = net.addLac(L2tpSettings.androidLac(), "k", 7);
        connect(net, lac);
        int tunnel = net.lnsEvents.tunnelsUp.getFirst().localTunnelId();

        assertThat(net.lns.probe("k", tunnel ^ 1, "unknown tunnel", net.now)).isFalse();
        assertThat(net.lns.probe("other key", tunnel, "another peer's tunnel", net.now)).isFalse();
        net.lns.closeTunnel("k", tunnel, "ended by the administrator", net.now);
        assertThat(net.lns.probe("k", tunnel, "closing", net.now)).isFalse();
        assertThat(net.lns.livenessProbes()).isZero();
        assertThat(hellosSince(net, 0)).isEmpty();
    }
}
