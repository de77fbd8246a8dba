package org.certvpn.ppp.lcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.certvpn.ppp.auth.AuthMethod;
import org.certvpn.ppp.fsm.FsmState;
import org.certvpn.ppp.fsm.RestartTimers;
import org.certvpn.ppp.fsm.Scripted;
import org.certvpn.ppp.fsm.Trace;
import org.certvpn.ppp.wire.ControlCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LCP option negotiation tables (RFC 1661 §6): what the gateway answers to each peer request, what it
 * requests, and how it reacts to the peer's Naks and Rejects. Options are hex as on the wire.
 */
class LcpNegotiationTest {
    static final class Events implements LcpListener {
        final List<String> seen = new ArrayList<>();

        @Override public void lcpUp(long now) { seen.add("up"); }
        @Override public void lcpDown(long now) { seen.add("down"); }
        @Override public void lcpFinished(long now) { seen.add("finished"); }
        @Override public void protocolRejected(int protocol, long now) { seen.add("protocol-rejected " + protocol); }
        @Override public void negotiationFailed(String reason, long now) { seen.add("failed: " + reason); }
        @Override public void terminateRequested(String message, long now) { seen.add("terminate " + message); }
        @Override public void echoTimedOut(long now) { seen.add("echo-timeout"); }
    }

    private final Events events = new Events();
    private final Scripted peer = new Scripted();

    private Lcp gateway(int mru) {
        Lcp lcp = new Lcp(new LcpConfig(mru, List.of(AuthMethod.MSCHAP_V2, AuthMethod.CHAP_MD5), List.of(), true,
                false, false, List.of(), 0, 4), RestartTimers.RFC_DEFAULTS, peer.sender(), events,
                new SplittableRandom(7), new Trace("lcp-test"));
        peer.attach(lcp.automaton());
        return lcp;
    }

    private Lcp client(List<AuthMethod> accept) {
        Lcp lcp = new Lcp(new LcpConfig(1400, List.of(), accept, true, false, false, List.of(), 0, 4),
                RestartTimers.RFC_DEFAULTS, peer.sender(), events, new SplittableRandom(7), new Trace("lcp-test"));
        peer.attach(lcp.automaton());
        return lcp;
    }

    @ParameterizedTest(name = "peer requests {0} -> {1}")
    @CsvSource({
        "010405dc,                 Ack 010405dc",                  // MRU 1500
        "01040578,                 Ack 01040578",                  // MRU 1400 (Android)
        "01040040,                 Nak 01040080",                  // MRU 64: below our minimum of 128
        "010305,                   Reject 010305",                 // MRU of the wrong length
        "020600000000,             Ack 020600000000",              // ACCM: meaningless over L2TP, accepted
        "0305c22305,               Reject 0305c22305",             // we never authenticate ourselves
        "05061234abcd,             Ack 05061234abcd",              // Magic-Number
        "07020802,                 Ack 07020802",                  // PFC and ACFC
        "0404c025,                 Reject 0404c025",               // Quality-Protocol (LQR)
        "0d0306,                   Reject 0d0306",                 // Callback (Windows)
        "1104064e,                 Reject 1104064e",               // Multilink MRRU
        "01040040 0d0306,          Reject 0d0306",                 // Reject wins over Nak (RFC 1661 §5.4)
        "01040578 07020802 fe02,   Reject fe02",                   // unknown option type 254
    })
    void gatewayAnswers(String request, String expected) {
        gateway(1500);
        assertThat(peer.request(request.replace(" ", ""))).isEqualTo(expected);
    }

    @Test
    void zeroMagicNumberIsNakedWithANonZeroOne() {
        gateway(1500);
        String answer = peer.request("050600000000");
        assertThat(answer).startsWith("Nak 0506").isNotEqualTo("Nak 050600000000");
    }

    @Test
    void ourOwnMagicNumberSuggestsALoopAndIsNaked() {
        gateway(1500);
        String ours = peer.lastRequest().substring(10, 22); // after 0305c22381
        assertThat(ours).startsWith("0506");
        assertThat(peer.request(ours)).startsWith("Nak 0506").isNotEqualTo("Nak " + ours);
    }

    @Test
    void gatewayRequestsMsChapV2AndAMagicNumberButNoDefaultMru() {
        gateway(1500);
        assertThat(peer.lastRequest()).startsWith("0305c22381" + "0506").hasSize(22);
    }

    @Test
    void authNakMovesToTheSuggestedAllowedMethod() {
        gateway(1500);
        peer.answer(ControlCode.CONFIGURE_NAK, "0305c22305");
        assertThat(peer.lastRequest()).startsWith("0305c22305");
        assertThat(events.seen).isEmpty();
    }

    @Test
    void authNakWithAMethodWeRefuseMovesDownOurListThenFails() {
        gateway(1500);
        peer.answer(ControlCode.CONFIGURE_NAK, "0304c227"); // EAP
        assertThat(peer.lastRequest()).startsWith("0305c22305");
        peer.answer(ControlCode.CONFIGURE_NAK, "0304c023"); // PAP, not allowed
        assertThat(events.seen).containsExactly(
                "failed: peer refused every allowed authentication method [MS-CHAPv2, CHAP-MD5] (suggested PAP)");
    }

    @Test
    void rejectedAuthenticationFailsTheNegotiation() {
        gateway(1500);
        peer.answer(ControlCode.CONFIGURE_REJECT, "0305c22381");
        assertThat(events.seen).containsExactly("failed: peer refused to authenticate (Authentication-Protocol rejected)");
    }

    @Test
    void rejectedMagicNumberIsDropped() {
        Lcp lcp = gateway(1500);
        String magic = peer.lastRequest().substring(10);
        peer.answer(ControlCode.CONFIGURE_REJECT, magic);
        assertThat(peer.lastRequest()).isEqualTo("0305c22381");
        peer.answer(ControlCode.CONFIGURE_ACK, "0305c22381");
        peer.request("");
        assertThat(lcp.automaton().state()).isEqualTo(FsmState.OPENED);
        assertThat(lcp.ourMagic()).isZero();
        assertThat(lcp.agreedPeerAuth()).contains(AuthMethod.MSCHAP_V2);
    }

    @Test
    void mruNakToASmallerValueIsAdoptedALargerOneDropsTheOption() {
        gateway(1400);
        assertThat(peer.lastRequest()).startsWith("01040578");
        peer.answer(ControlCode.CONFIGURE_NAK, "010404b0");
        assertThat(peer.lastRequest()).startsWith("010404b0" + "0305c22381");
        Lcp other = gateway(1400);
        peer.answer(ControlCode.CONFIGURE_NAK, "010405dc");
        assertThat(peer.lastRequest()).startsWith("0305c22381");
        assertThat(other.peerMru()).isEqualTo(1500);
    }

    @ParameterizedTest(name = "gateway asks {0} -> client answers {1}")
    @CsvSource({
        "0305c22381, Ack 0305c22381",
        "0305c22305, Ack 0305c22305",
        "0304c023,   Nak 0305c22381",   // PAP not accepted by this client
        "0304c227,   Nak 0305c22381",   // EAP refused (Android: refuse-eap)
        "0305c22380, Nak 0305c22381",   // MS-CHAPv1 not spoken
    })
    void clientAnswersAuthenticationRequests(String request, String expected) {
        client(List.of(AuthMethod.MSCHAP_V2, AuthMethod.CHAP_MD5));
        assertThat(peer.request(request.strip())).isEqualTo(expected);
    }

    @Test
    void clientRequestsAndroidMruWithoutCompression() {
        client(List.of(AuthMethod.MSCHAP_V2));
        assertThat(peer.lastRequest()).startsWith("01040578" + "0506").hasSize(20);
    }

    @Test
    void echoRequestsAreAnsweredWithOurMagicAndOurOwnMagicIsALoop() {
        Lcp lcp = gateway(1500);
        String request = peer.lastRequest();
        peer.answer(ControlCode.CONFIGURE_ACK, request);
        assertThat(peer.request("0506cafebabe")).isEqualTo("Ack 0506cafebabe");
        assertThat(lcp.isOpened()).isTrue();
        String ourMagic = request.substring(14, 22);

        lcp.receive(new org.certvpn.ppp.wire.ControlPacket(ControlCode.ECHO_REQUEST, 5,
                java.util.HexFormat.of().parseHex("cafebabe" + "abcd")), 0);
        assertThat(peer.last().code()).isEqualTo(ControlCode.ECHO_REPLY);
        assertThat(peer.last().identifier()).isEqualTo(5);
        assertThat(java.util.HexFormat.of().formatHex(peer.last().data())).isEqualTo(ourMagic + "abcd");

        int sent = peer.sent.size();
        lcp.receive(new org.certvpn.ppp.wire.ControlPacket(ControlCode.ECHO_REQUEST, 6,
                java.util.HexFormat.of().parseHex(ourMagic)), 0);
        assertThat(peer.sent).hasSize(sent);
        assertThat(lcp.loopbacksSeen()).isEqualTo(1);
    }
}
