package org.certvpn.l2tp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.l2tp.wire.Avp;
import org.certvpn.l2tp.wire.AvpType;
import org.certvpn.l2tp.wire.ControlCodec;
import org.certvpn.l2tp.wire.ControlMessage;
import org.certvpn.l2tp.wire.MessageType;
import org.junit.jupiter.api.Test;

/** Reliable delivery (RFC 2661 §5.8) under loss, reordering and duplication, with a fake clock. */
class ReliableChannelTest {

    /** One direction of the link: what a channel put on the wire, and when. */
    private static final class Tap implements ReliableChannel.Sink {
        final List<byte[]> datagrams = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        long now;

        @Override
        public void send(byte[] datagram) {
            datagrams.add(datagram);
            times.add(now);
        }

        List<byte[]> drain() {
            List<byte[]> out = new ArrayList<>(datagrams);
            datagrams.clear();
            return out;
        }
    }

    private static ControlMessage decode(byte[] d) {
        try {
            return ControlCodec.decode(d, 0, d.length, null);
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }

    private static ControlMessage numbered(int i) {
        return ControlMessage.of(MessageType.HELLO, 7, 0, Avp.u32(AvpType.CALL_SERIAL_NUMBER, i));
    }

    /** Drives onTimer at each deadline until the channel gives up; returns the transmission times. */
    private static List<Long> transmissionsUntilGiveUp(L2tpSettings s, long[] gaveUpAt) {
        Tap tap = new Tap();
        ReliableChannel c = new ReliableChannel(s, "test", tap, 0);
        c.send(ControlMessage.of(MessageType.SCCRQ, 0, 0), null);
        c.flush(0);
        while (c.failure() == null) {
            long t = c.nextDeadline();
            tap.now = t;
            c.onTimer(t);
            gaveUpAt[0] = t;
        }
        return tap.times;
    }

    @Test
    void defaultsRetransmitLikeXl2tpdAndGiveUpAt31Seconds() {
        long[] gaveUp = new long[1];
        List<Long> times = transmissionsUntilGiveUp(L2tpSettings.defaults(), gaveUp);

        assertThat(times).containsExactly(0L, 1_000L, 3_000L, 7_000L, 15_000L);
        assertThat(gaveUp[0]).isEqualTo(31_000L);
        assertThat(L2tpSettings.defaults().giveUpAfter()).isEqualTo(Duration.ofSeconds(31));
    }

    @Test
    void theSeedsValuesReallyApply() {
        L2tpSettings seed = L2tpSettings.defaults().withSeedTimers();
        long[] gaveUp = new long[1];
        List<Long> times = transmissionsUntilGiveUp(seed, gaveUp);

        List<Long> expected = new ArrayList<>(List.of(0L, 10_000L));
        for (int k = 3; k <= 18; k++) {
            expected.add(10_000L + (k - 2) * 16_000L);
        }
        assertThat(times).containsExactlyElementsOf(expected);
        assertThat(times).hasSize(18).last().isEqualTo(266_000L);
        assertThat(gaveUp[0]).isEqualTo(282_000L);
        assertThat(seed.giveUpAfter()).isEqualTo(Duration.ofSeconds(282));
    }

    @Test
    void capEqualToTheDelayGivesThePatchedXl2tpdFixedInterval() {
        L2tpSettings fixed = L2tpSettings.defaults()
                .withRetransmission(Duration.ofSeconds(10), Duration.ofSeconds(10), 18);
        long[] gaveUp = new long[1];
        List<Long> times = transmissionsUntilGiveUp(fixed, gaveUp);

        assertThat(times).hasSize(18).first().isEqualTo(0L);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).isEqualTo(10_000L);
        }
        assertThat(gaveUp[0]).isEqualTo(180_000L);
    }

    @Test
    void afterGivingUpNothingMoreIsSent() {
        Tap tap = new Tap();
        ReliableChannel c = new ReliableChannel(L2tpSettings.defaults(), "test", tap, 0);
        c.send(numbered(1), null);
        c.flush(0);
        for (long t : new long[] {1_000, 3_000, 7_000, 15_000, 31_000}) {
            tap.now = t;
            c.onTimer(t);
        }
        tap.drain();

        assertThat(c.failure()).isEqualTo("HELLO Ns=0 not acknowledged after 5 transmissions in 31.0 s");
        assertThat(c.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        c.send(numbered(2), null);
        c.flush(40_000);
        c.onTimer(100_000);
        assertThat(tap.datagrams).isEmpty();
    }

    @Test
    void anAcknowledgementStopsRetransmissionAndIsReported() {
        Tap tap = new Tap();
        ReliableChannel c = new ReliableChannel(L2tpSettings.defaults(), "test", tap, 0);
        boolean[] acked = new boolean[1];
        c.send(numbered(1), t -> acked[0] = true);
        c.flush(0);
        tap.now = 1_000;
        c.onTimer(1_000);
        assertThat(tap.datagrams).hasSize(2);

        c.receive(ControlMessage.zlb(1, 0, 1), 1_500);

        assertThat(acked[0]).isTrue();
        assertThat(c.idle()).isTrue();
        assertThat(c.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void retransmissionsCarryTheCurrentNr() {
        Tap tap = new Tap();
        ReliableChannel c = new ReliableChannel(L2tpSettings.defaults(), "test", tap, 0);
        c.send(numbered(1), null);
        c.flush(0);
        c.receive(numbered(9).withSequence(0, 0), 500);   // the peer's message, not acknowledging ours
        c.flush(500);                                       // a ZLB: our message is still in flight
        tap.now = 1_000;
        c.onTimer(1_000);

        List<ControlMessage> sent = tap.drain().stream().map(ReliableChannelTest::decode).toList();
        assertThat(sent).extracting(ControlMessage::type).containsExactly(MessageType.HELLO, MessageType.ZLB, MessageType.HELLO);
        assertThat(sent.get(0).nr()).isZero();
        assertThat(sent.get(2).ns()).isZero();
        assertThat(sent.get(2).nr()).isEqualTo(1);
    }

    @Test
    void outOfOrderMessagesInsideTheWindowAreDeliveredInOrder() {
        Tap tap = new Tap();
        ReliableChannel c = new ReliableChannel(L2tpSettings.defaults(), "test", tap, 0);

        assertThat(c.receive(numbered(2).withSequence(2, 0), 0)).isEmpty();
        assertThat(c.receive(numbered(1).withSequence(1, 0), 0)).isEmpty();
        List<ControlMessage> delivered = c.receive(numbered(0).withSequence(0, 0), 0);

        assertThat(delivered).extracting(ControlMessage::ns).containsExactly(0, 1, 2);
        assertThat(c.expectedNs()).isEqualTo(3);
    }

    @Test
    void beyondTheWindowIsDroppedWithoutAcknowledgement() {
        Tap tap = new Tap();
        ReliableChannel c = new ReliableChannel(L2tpSettings.defaults(), "test", tap, 0);

        assertThat(c.receive(numbered(4).withSequence(4, 0), 0)).isEmpty();
        c.flush(0);

        assertThat(c.outOfWindow()).isEqualTo(1);
        assertThat(tap.datagrams).isEmpty();
    }

    @Test
    void aDuplicateIsAcknowledgedAgainWithATwelveOctetZlb() {
        Tap tap = new Tap();
        ReliableChannel c = new ReliableChannel(L2tpSettings.defaults(), "test", tap, 0);
        c.setPeerTunnelId(0x1f2e);
        assertThat(c.receive(numbered(0).withSequence(0, 0), 0)).hasSize(1);
        c.flush(0);
        tap.drain();

        assertThat(c.receive(numbered(0).withSequence(0, 0), 10)).isEmpty();
        c.flush(10);

        assertThat(c.duplicates()).isEqualTo(1);
        assertThat(tap.datagrams).hasSize(1);
        byte[] zlb = tap.datagrams.getFirst();
        assertThat(zlb).hasSize(12);
        assertThat(decode(zlb).tunnelId()).isEqualTo(0x1f2e);
        assertThat(decode(zlb).nr()).isEqualTo(1);
    }

    @Test
    void deliversEverythingExactlyOnceInOrderUnderLossDuplicationAndReordering() {
        L2tpSettings s = L2tpSettings.defaults().withRetransmission(Duration.ofSeconds(1), Duration.ofSeconds(2), 60);
        Tap toB = new Tap();
        Tap toA = new Tap();
        ReliableChannel a = new ReliableChannel(s, "a", toB, 0);
        ReliableChannel b = new ReliableChannel(s, "b", toA, 0);
        SplittableRandom rnd = new SplittableRandom(42);
        List<Integer> receivedByB = new ArrayList<>();
        List<Integer> receivedByA = new ArrayList<>();
        int count = ReliableChannel.MAX_UNSENT; // as many as one side may have queued at once
        for (int i = 0; i < count; i++) {
            a.send(numbered(i), null);
            b.send(numbered(1000 + i), null);
        }
        long now = 0;
        a.flush(now);
        b.flush(now);
        while ((receivedByB.size() < count || receivedByA.size() < count) && now < 3_600_000) {
            shuffleLoseDuplicate(toB, rnd);
            shuffleLoseDuplicate(toA, rnd);
            for (byte[] d : toB.drain()) {
                b.receive(decode(d), now).forEach(m -> receivedByB.add((int) m.find(AvpType.CALL_SERIAL_NUMBER).orElseThrow().u32()));
            }
            b.flush(now);
            for (byte[] d : toA.drain()) {
                a.receive(decode(d), now).forEach(m -> receivedByA.add((int) m.find(AvpType.CALL_SERIAL_NUMBER).orElseThrow().u32()));
            }
            a.flush(now);
            now = Math.min(a.nextDeadline(), b.nextDeadline());
            toA.now = toB.now = now;
            a.onTimer(now);
            b.onTimer(now);
        }

        assertThat(a.failure()).isNull();
        assertThat(b.failure()).isNull();
        assertThat(receivedByB).containsExactlyElementsOf(java.util.stream.IntStream.range(0, count).boxed().toList());
        assertThat(receivedByA).containsExactlyElementsOf(java.util.stream.IntStream.range(1000, 1000 + count).boxed().toList());
        assertThat(a.retransmissions()).isPositive();
        assertThat(b.duplicates()).isPositive();
    }

    /** 30% loss, 10% duplication, and the rest delivered in a random order. */
    private static void shuffleLoseDuplicate(Tap tap, SplittableRandom rnd) {
        List<byte[]> in = tap.drain();
        List<byte[]> out = new ArrayList<>();
        for (byte[] d : in) {
            if (rnd.nextInt(100) < 30) {
                continue;
            }
            out.add(d);
            if (rnd.nextInt(100) < 10) {
                out.add(d.clone());
            }
        }
        for (int i = out.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            byte[] t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        tap.datagrams.addAll(out);
    }

    @Test
    void helloAfterTheIdleIntervalAndAgainAfterItsAcknowledgement() {
        Tap tap = new Tap();
        ReliableChannel c = new ReliableChannel(L2tpSettings.defaults(), "test", tap, 0);
        c.setPeerTunnelId(5);
        c.enableHello(0);

        assertThat(c.nextDeadline()).isEqualTo(60_000);
        tap.now = 60_000;
        c.onTimer(60_000);
        assertThat(tap.drain()).extracting(d -> decode(d).type()).containsExactly(MessageType.HELLO);

        c.receive(ControlMessage.zlb(9, 0, 1), 60_050);
        assertThat(c.nextDeadline()).isEqualTo(120_050);
    }

    @Test
    void dataFromThePeerPostponesHello() {
        Tap tap = new Tap();
        ReliableChannel c = new ReliableChannel(L2tpSettings.defaults().withSeedTimers(), "test", tap, 0);
        c.enableHello(0);
        c.noteHeard(250_000);

        c.onTimer(300_000);

        assertThat(tap.datagrams).isEmpty();
        assertThat(c.nextDeadline()).isEqualTo(550_000);
    }

    @Test
    void theSenderRespectsAPeerWindowOfOne() {
        Tap tap = new Tap();
        ReliableChannel c = new ReliableChannel(L2tpSettings.defaults(), "test", tap, 0);
        c.setPeerWindow(1);
        c.send(numbered(0), null);
        c.send(numbered(1), null);
        c.send(numbered(2), null);
        c.flush(0);
        assertThat(tap.drain()).hasSize(1);

        c.receive(ControlMessage.zlb(1, 0, 1), 10);
        c.flush(10);

        List<byte[]> next = tap.drain();
        assertThat(next).hasSize(1);
        assertThat(decode(next.getFirst()).ns()).isEqualTo(1);
    }

    @Test
    void mtpdRuleHoldsAMessageWhileOurOwnIsUnacknowledged() {
        Tap tap = new Tap();
        ReliableChannel lac = new ReliableChannel(L2tpSettings.androidLac(), "lac", tap, 0);
        lac.send(numbered(0), null);                 // our Ns=0 in flight
        lac.flush(0);
        tap.drain();

        // The peer's Ns=0 crosses ours and does not acknowledge it (Nr=0): mtpd neither handles nor acks it.
        assertThat(lac.receive(numbered(7).withSequence(0, 0), 5)).isEmpty();
        lac.flush(5);
        assertThat(tap.datagrams).isEmpty();
        assertThat(lac.heldBack()).isEqualTo(1);

        // Its retransmission, now acknowledging ours, is handled.
        assertThat(lac.receive(numbered(7).withSequence(0, 1), 1_000)).hasSize(1);
        lac.flush(1_000);
        assertThat(tap.drain()).extracting(d -> decode(d).type()).containsExactly(MessageType.ZLB);
    }

    @Test
    void androidLacRetransmitsEveryTwoSecondsWithoutBackoff() {
        Tap tap = new Tap();
        ReliableChannel lac = new ReliableChannel(L2tpSettings.androidLac(), "lac", tap, 0);
        lac.send(numbered(0), null);
        lac.flush(0);
        for (int i = 0; i < 10; i++) {
            long t = lac.nextDeadline();
            tap.now = t;
            lac.onTimer(t);
        }

        assertThat(tap.times).containsExactly(0L, 2_000L, 4_000L, 6_000L, 8_000L, 10_000L, 12_000L, 14_000L,
                16_000L, 18_000L, 20_000L);
        assertThat(lac.failure()).isNull();
    }

    @Test
    void sequenceNumbersWrapAround() {
        Tap toB = new Tap();
        Tap toA = new Tap();
        ReliableChannel a = new ReliableChannel(L2tpSettings.defaults(), "a", toB, 0);
        ReliableChannel b = new ReliableChannel(L2tpSettings.defaults(), "b", toA, 0);
        int delivered = 0;
        for (int i = 0; i < 65_540; i++) {
            a.send(numbered(i), null);
            a.flush(i);
            for (byte[] d : toB.drain()) {
                delivered += b.receive(decode(d), i).size();
            }
            b.flush(i);
            for (byte[] d : toA.drain()) {
                a.receive(decode(d), i);
            }
        }

        assertThat(delivered).isEqualTo(65_540);
        assertThat(a.nextNs()).isEqualTo(65_540 - 65_536);
        assertThat(b.expectedNs()).isEqualTo(4);
        assertThat(a.idle()).isTrue();
    }
}
