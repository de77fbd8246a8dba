package org.certvpn.esp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RFC 4303 §3.4.3 receiver rules on an RFC 6479 bitmap: window slide, duplicates, far-ahead jumps. */
class ReplayWindowTest {

    @Test
    void windowIsAtLeast1024() {
        assertThat(ReplayWindow.WINDOW_SIZE).isGreaterThanOrEqualTo(1024);
    }

    @Test
    void acceptsEachNumberOnceInAnyOrderInsideTheWindow() {
        ReplayWindow w = new ReplayWindow();
        assertThat(w.accept(5)).isTrue();
        assertThat(w.accept(3)).isTrue();
        assertThat(w.accept(4)).isTrue();
        assertThat(w.accept(1)).isTrue();
        assertThat(w.accept(3)).isFalse();
        assertThat(w.accept(5)).isFalse();
        assertThat(w.mayAccept(2)).isTrue();
        assertThat(w.mayAccept(4)).isFalse();
        assertThat(w.highestAccepted()).isEqualTo(5);
    }

    @Test
    void sequenceZeroAndNumbersBeyond32BitsAreNeverAccepted() {
        ReplayWindow w = new ReplayWindow();
        assertThat(w.accept(0)).isFalse();
        assertThat(w.accept(-1)).isFalse();
        assertThat(w.accept(0x1_0000_0000L)).isFalse();
        assertThat(w.accept(0xFFFF_FFFFL)).isTrue();
        assertThat(w.accept(0xFFFF_FFFFL)).isFalse();
    }

    @Test
    void oldestNumberInsideTheWindowIsAcceptedAndTheNextOlderIsNot() {
        ReplayWindow w = new ReplayWindow();
        long top = 10_000;
        assertThat(w.accept(top)).isTrue();
        long oldestInside = top - ReplayWindow.WINDOW_SIZE + 1;
        assertThat(w.accept(oldestInside - 1)).isFalse();
        assertThat(w.accept(oldestInside)).isTrue();
        assertThat(w.accept(oldestInside)).isFalse();
    }

    @Test
    void slidingForwardForgetsBitsOfRecycledBlocks() {
        ReplayWindow w = new ReplayWindow();
        // Mark every number of the first window, then jump exactly one ring ahead: the blocks are reused
        // and must not report the new numbers as already seen.
        for (long s = 1; s <= 64L * ReplayWindow.BLOCKS; s++) {
            assertThat(w.accept(s)).isTrue();
        }
        long jump = 64L * ReplayWindow.BLOCKS * 2;
        assertThat(w.accept(jump)).isTrue();
        for (long s = jump - ReplayWindow.WINDOW_SIZE + 1; s < jump; s++) {
            assertThat(w.mayAccept(s)).as("seq %d", s).isTrue();
        }
    }

    @Test
    void farAheadJumpThenLateArrivalsInsideTheNewWindow() {
        ReplayWindow w = new ReplayWindow();
        assertThat(w.accept(1)).isTrue();
        assertThat(w.accept(1_000_000)).isTrue();
        assertThat(w.accept(1)).isFalse();
        assertThat(w.accept(999_999)).isTrue();
        assertThat(w.accept(1_000_000 - ReplayWindow.WINDOW_SIZE)).isFalse();
        assertThat(w.accept(1_000_001)).isTrue();
    }

    @Test
    void agreesWithASimpleModelOnRandomTraffic() {
        SplittableRandom random = new SplittableRandom(6479);
        ReplayWindow w = new ReplayWindow();
        BitSet seen = new BitSet();
        long top = 0;
        long next = 1;
        for (int i = 0; i < 200_000; i++) {
            long seq;
            int pick = random.nextInt(10);
            if (pick < 6) {
                seq = next++;
            } else if (pick < 9) {
                seq = Math.max(1, next - 1 - random.nextInt(2500));
            } else {
                next += random.nextInt(5000);
                seq = next++;
            }
            boolean expected = seq > top || (seq + ReplayWindow.WINDOW_SIZE > top && !seen.get((int) seq));
            assertThat(w.accept(seq)).as("seq %d top %d", seq, top).isEqualTo(expected);
            if (expected) {
                seen.set((int) seq);
                top = Math.max(top, seq);
            }
        }
    }
}
