package org.certvpn.ppp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.ppp.wire.ConfigOption;
import org.certvpn.ppp.wire.ControlCode;
import org.certvpn.ppp.wire.ControlPacket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared automaton against RFC 1661 §4, driven by a scripted peer and a toy protocol. */
class NegotiationAutomatonTest {
    private static final int PROTO = 0x8021;
    private static final int OPT_VALUE = 1;
    private static final int OPT_UNKNOWN = 99;

    /** A toy protocol: requests option 1 with a value; accepts a peer's option 1 only with value 7. */
    static final class Toy implements NegotiatedProtocol {
        int want = 5;
        boolean sendOption = true;
        final List<String> events = new ArrayList<>();

        @Override public String name() { return "TOY"; }
        @Override public int protocol() { return PROTO; }
        @Override public void resetOptions() { events.add("reset"); }
        @Override public List<ConfigOption> requestOptions() {
            return sendOption ? List.of(ConfigOption.ofShort(OPT_VALUE, want)) : List.of();
        }
        @Override public void requestAcked(List<ConfigOption> options) { events.add("acked"); }
        @Override public boolean requestNaked(List<ConfigOption> suggestions, boolean treatAsReject) {
            for (ConfigOption o : suggestions) {
                if (o.type() == OPT_VALUE) {
                    if (treatAsReject) {
                        sendOption = false;
                    } else {
                        want = o.shortValue();
                    }
                }
            }
            return true;
        }
        @Override public boolean requestRejected(List<ConfigOption> rejected) {
            sendOption = false;
            return true;
        }
        @Override public OptionVerdict checkPeerOption(ConfigOption option, boolean rejectIfDisagree) {
            if (option.type() != OPT_VALUE || option.dataLength() != 2) {
                return OptionVerdict.REJECT;
            }
            return option.shortValue() == 7 ? OptionVerdict.ACK : OptionVerdict.nak(ConfigOption.ofShort(OPT_VALUE, 7));
        }
        @Override public void peerOptionsAcked(List<ConfigOption> options) { events.add("peer-acked"); }
        @Override public void up(long now) { events.add("up"); }
        @Override public void down(long now) { events.add("down"); }
        @Override public void starting(long now) { events.add("starting"); }
        @Override public void finished(long now) { events.add("finished"); }
    }

    private Toy toy;
    private List<ControlPacket> sent;
    private NegotiationAutomaton fsm;
    private long now;

    @BeforeEach
    void setUp() {
        toy = new Toy();
        sent = new ArrayList<>();
        fsm = new NegotiationAutomaton(toy, RestartTimers.RFC_DEFAULTS, (p, packet) -> {
            assertThat(p).isEqualTo(PROTO);
            sent.add(packet);
        }, new Trace("test"), 0);
    }

    private ControlPacket last() {
        return sent.get(sent.size() - 1);
    }

    private static ControlPacket packet(int code, int id, ConfigOption... options) {
        return new ControlPacket(code, id, ConfigOption.encodeAll(List.of(options)));
    }

    private static List<ConfigOption> options(ControlPacket p) throws MalformedPacketException {
        return ConfigOption.decodeAll(p.data());
    }

    private void startAndOpen() {
        fsm.up(now);
        fsm.open(now);
    }

    @Test
    void tableHasEveryCellOfBothHalves() {
        int defined = 0;
        for (FsmEvent e : FsmEvent.values()) {
            for (FsmState s : FsmState.values()) {
                if (TransitionTable.lookup(s, e) != null) {
                    defined++;
                }
            }
        }
        // RFC 1661 §4.1 prints 160 cells, 40 of them "-".
        assertThat(defined).isEqualTo(120);
        assertThat(TransitionTable.lookup(FsmState.STOPPED, FsmEvent.RCR_PLUS))
                .isEqualTo(new TransitionTable.Transition(List.of(FsmAction.IRC, FsmAction.SCR, FsmAction.SCA),
                        FsmState.ACK_SENT));
        assertThat(TransitionTable.lookup(FsmState.OPENED, FsmEvent.RTR))
                .isEqualTo(new TransitionTable.Transition(List.of(FsmAction.TLD, FsmAction.ZRC, FsmAction.STA),
                        FsmState.STOPPING));
        assertThat(TransitionTable.lookup(FsmState.REQ_SENT, FsmEvent.TO_MINUS).next()).isEqualTo(FsmState.STOPPED);
        assertThat(TransitionTable.lookup(FsmState.INITIAL, FsmEvent.RCR_PLUS)).isNull();
    }

    @Test
    void opensWhenBothSidesAck() throws Exception {
        startAndOpen();
        assertThat(fsm.state()).isEqualTo(FsmState.REQ_SENT);
        ControlPacket request = last();
        assertThat(request.code()).isEqualTo(ControlCode.CONFIGURE_REQUEST);
        assertThat(options(request)).containsExactly(ConfigOption.ofShort(OPT_VALUE, 5));

        fsm.receive(new ControlPacket(ControlCode.CONFIGURE_ACK, request.identifier(), request.data()), now);
        assertThat(fsm.state()).isEqualTo(FsmState.ACK_RCVD);

        fsm.receive(packet(ControlCode.CONFIGURE_REQUEST, 42, ConfigOption.ofShort(OPT_VALUE, 7)), now);
        assertThat(last()).isEqualTo(packet(ControlCode.CONFIGURE_ACK, 42, ConfigOption.ofShort(OPT_VALUE, 7)));
        assertThat(fsm.state()).isEqualTo(FsmState.OPENED);
        assertThat(toy.events).containsSubsequence("reset", "acked", "peer-acked", "up");
        assertThat(fsm.nextDeadline()).isEqualTo(NegotiationAutomaton.NO_DEADLINE);
    }

    @Test
    void ackWithWrongIdentifierOrOptionsIsDiscarded() {
        startAndOpen();
        ControlPacket request = last();
        fsm.receive(new ControlPacket(ControlCode.CONFIGURE_ACK, request.identifier() + 1, request.data()), now);
        fsm.receive(packet(ControlCode.CONFIGURE_ACK, request.identifier(), ConfigOption.ofShort(OPT_VALUE, 6)), now);
        assertThat(fsm.state()).isEqualTo(FsmState.REQ_SENT);
        fsm.receive(new ControlPacket(ControlCode.CONFIGURE_ACK, request.identifier(), request.data()), now);
        assertThat(fsm.state()).isEqualTo(FsmState.ACK_RCVD);
        fsm.receive(new ControlPacket(ControlCode.CONFIGURE_ACK, request.identifier(), request.data()), now);
        assertThat(fsm.state()).as("a second Ack for an answered request is stale").isEqualTo(FsmState.ACK_RCVD);
    }

    @Test
    void retransmitsMaxConfigureTimesThenGivesUp() {
        startAndOpen();
        while (fsm.nextDeadline() != NegotiationAutomaton.NO_DEADLINE) {
            now = fsm.nextDeadline();
            fsm.onTimer(now);
        }
        assertThat(sent).hasSize(10).allMatch(p -> p.code() == ControlCode.CONFIGURE_REQUEST);
        assertThat(sent).extracting(ControlPacket::identifier).as("retransmissions keep the identifier")
                .containsOnly(sent.get(0).identifier());
        assertThat(now).isEqualTo(30_000);
        assertThat(fsm.state()).isEqualTo(FsmState.STOPPED);
        assertThat(toy.events).endsWith("finished");
    }

    @Test
    void nakConvergesOnThePeersSuggestionWithANewIdentifier() throws Exception {
        startAndOpen();
        ControlPacket first = last();
        fsm.receive(packet(ControlCode.CONFIGURE_NAK, first.identifier(), ConfigOption.ofShort(OPT_VALUE, 9)), now);
        ControlPacket second = last();
        assertThat(second.identifier()).isNotEqualTo(first.identifier());
        assertThat(options(second)).containsExactly(ConfigOption.ofShort(OPT_VALUE, 9));
        fsm.receive(new ControlPacket(ControlCode.CONFIGURE_ACK, second.identifier(), second.data()), now);
        assertThat(fsm.state()).isEqualTo(FsmState.ACK_RCVD);
    }

    @Test
    void peerThatNeverAgreesHasItsNaksTreatedAsRejectsAfterMaxFailure() throws Exception {
        startAndOpen();
        for (int i = 0; i < 5; i++) {
            fsm.receive(packet(ControlCode.CONFIGURE_NAK, last().identifier(), ConfigOption.ofShort(OPT_VALUE, 100 + i)),
                    now);
            assertThat(options(last())).containsExactly(ConfigOption.ofShort(OPT_VALUE, 100 + i));
        }
        fsm.receive(packet(ControlCode.CONFIGURE_NAK, last().identifier(), ConfigOption.ofShort(OPT_VALUE, 200)), now);
        assertThat(options(last())).as("sixth Nak: option dropped").isEmpty();
        fsm.receive(new ControlPacket(ControlCode.CONFIGURE_ACK, last().identifier(), last().data()), now);
        assertThat(fsm.state()).isEqualTo(FsmState.ACK_RCVD);
    }

    @Test
    void ourNaksTurnIntoRejectsAfterMaxFailure() throws Exception {
        startAndOpen();
        for (int i = 0; i < 5; i++) {
            fsm.receive(packet(ControlCode.CONFIGURE_REQUEST, i, ConfigOption.ofShort(OPT_VALUE, 1)), now);
            assertThat(last()).isEqualTo(packet(ControlCode.CONFIGURE_NAK, i, ConfigOption.ofShort(OPT_VALUE, 7)));
        }
        fsm.receive(packet(ControlCode.CONFIGURE_REQUEST, 9, ConfigOption.ofShort(OPT_VALUE, 1)), now);
        assertThat(last()).isEqualTo(packet(ControlCode.CONFIGURE_REJECT, 9, ConfigOption.ofShort(OPT_VALUE, 1)));
        fsm.receive(packet(ControlCode.CONFIGURE_REQUEST, 10), now);
        assertThat(last()).isEqualTo(packet(ControlCode.CONFIGURE_ACK, 10));
        assertThat(fsm.state()).isEqualTo(FsmState.ACK_SENT);
    }

    @Test
    void rejectTakesPrecedenceOverNak() {
        startAndOpen();
        fsm.receive(packet(ControlCode.CONFIGURE_REQUEST, 3, ConfigOption.ofShort(OPT_VALUE, 1),
                ConfigOption.of(OPT_UNKNOWN)), now);
        assertThat(last()).isEqualTo(packet(ControlCode.CONFIGURE_REJECT, 3, ConfigOption.of(OPT_UNKNOWN)));
    }

    @Test
    void rejectMustNameOptionsWeSent() {
        startAndOpen();
        int id = last().identifier();
        fsm.receive(packet(ControlCode.CONFIGURE_REJECT, id, ConfigOption.of(OPT_UNKNOWN)), now);
        assertThat(toy.sendOption).isTrue();
        fsm.receive(packet(ControlCode.CONFIGURE_REJECT, id, ConfigOption.ofShort(OPT_VALUE, 5)), now);
        assertThat(toy.sendOption).isFalse();
        assertThat(last().identifier()).isNotEqualTo(id);
    }

    private void open() {
        startAndOpen();
        fsm.receive(new ControlPacket(ControlCode.CONFIGURE_ACK, last().identifier(), last().data()), now);
        fsm.receive(packet(ControlCode.CONFIGURE_REQUEST, 1, ConfigOption.ofShort(OPT_VALUE, 7)), now);
        assertThat(fsm.state()).isEqualTo(FsmState.OPENED);
    }

    @Test
    void closeSendsTerminateAndFinishesOnAck() {
        open();
        fsm.close(now, "admin");
        assertThat(last().code()).isEqualTo(ControlCode.TERMINATE_REQUEST);
        assertThat(new String(last().data())).isEqualTo("admin");
        assertThat(fsm.state()).isEqualTo(FsmState.CLOSING);
        fsm.receive(new ControlPacket(ControlCode.TERMINATE_ACK, last().identifier(), new byte[0]), now);
        assertThat(fsm.state()).isEqualTo(FsmState.CLOSED);
        assertThat(toy.events).endsWith("down", "finished");
    }

    @Test
    void unansweredTerminateIsSentMaxTerminateTimes() {
        open();
        sent.clear();
        fsm.close(now, "bye");
        while (fsm.nextDeadline() != NegotiationAutomaton.NO_DEADLINE) {
            now = fsm.nextDeadline();
            fsm.onTimer(now);
        }
        assertThat(sent).hasSize(2).allMatch(p -> p.code() == ControlCode.TERMINATE_REQUEST);
        assertThat(fsm.state()).isEqualTo(FsmState.CLOSED);
        assertThat(toy.events).endsWith("finished");
    }

    @Test
    void peerTerminateIsAckedThenFinishesAfterOneRestartPeriod() {
        open();
        fsm.receive(new ControlPacket(ControlCode.TERMINATE_REQUEST, 77, new byte[0]), now);
        assertThat(last()).isEqualTo(new ControlPacket(ControlCode.TERMINATE_ACK, 77, new byte[0]));
        assertThat(fsm.state()).isEqualTo(FsmState.STOPPING);
        assertThat(toy.events).endsWith("down");
        fsm.onTimer(fsm.nextDeadline());
        assertThat(fsm.state()).isEqualTo(FsmState.STOPPED);
        assertThat(toy.events).endsWith("finished");
    }

    @Test
    void unknownCodeDrawsCodeReject() {
        open();
        ControlPacket odd = new ControlPacket(42, 5, new byte[] {1, 2});
        fsm.receive(odd, now);
        assertThat(last().code()).isEqualTo(ControlCode.CODE_REJECT);
        assertThat(last().data()).isEqualTo(odd.encode());
        assertThat(fsm.state()).isEqualTo(FsmState.OPENED);
    }

    @Test
    void codeRejectOfAnEssentialCodeFinishesTheLayer() {
        startAndOpen();
        fsm.receive(new ControlPacket(ControlCode.CODE_REJECT, 1, new byte[] {1, 1, 0, 4}), now);
        assertThat(fsm.state()).isEqualTo(FsmState.STOPPED);
        assertThat(toy.events).endsWith("finished");
    }

    @Test
    void peerRenegotiatingFromOpenedTakesTheLayerDownAndRestarts() {
        open();
        fsm.receive(packet(ControlCode.CONFIGURE_REQUEST, 50, ConfigOption.ofShort(OPT_VALUE, 7)), now);
        assertThat(fsm.state()).isEqualTo(FsmState.ACK_SENT);
        assertThat(toy.events).endsWith("down", "reset", "peer-acked");
        assertThat(sent.get(sent.size() - 2).code()).isEqualTo(ControlCode.CONFIGURE_REQUEST);
    }

    @Test
    void closedStateAnswersRequestsWithTerminateAck() {
        fsm.up(now);
        assertThat(fsm.state()).isEqualTo(FsmState.CLOSED);
        fsm.receive(packet(ControlCode.CONFIGURE_REQUEST, 8, ConfigOption.ofShort(OPT_VALUE, 7)), now);
        assertThat(last()).isEqualTo(new ControlPacket(ControlCode.TERMINATE_ACK, 8, new byte[0]));
    }

    @Test
    void malformedOptionsAreDiscardedSilently() {
        startAndOpen();
        int before = sent.size();
        fsm.receive(new ControlPacket(ControlCode.CONFIGURE_REQUEST, 1, new byte[] {1, 9, 0}), now);
        assertThat(sent).hasSize(before);
        assertThat(fsm.state()).isEqualTo(FsmState.REQ_SENT);
    }
}
