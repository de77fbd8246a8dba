package org.certvpn.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OncePerIntervalTest {
    @Test
    void theFirstOccurrenceIsLoggedThenOnePerIntervalWithTheCountSilencedMeanwhile() {
        OncePerInterval gate = new OncePerInterval(10_000);
        assertThat(gate.check(1_000)).isZero();
        for (int i = 0; i < 5_000; i++) {
            assertThat(gate.check(1_000 + i)).isEqualTo(OncePerInterval.SILENT);
        }
        assertThat(gate.check(10_999)).isEqualTo(OncePerInterval.SILENT);
        assertThat(gate.check(11_000)).isEqualTo(5_001);
        assertThat(gate.suffix(5_001)).contains("5001 more");
        assertThat(gate.check(11_001)).isEqualTo(OncePerInterval.SILENT);
        // A quiet spell: the next occurrence is logged at once and reports the one silenced before.
        assertThat(gate.check(500_000)).isEqualTo(1);
        assertThat(gate.suffix(0)).isEmpty();
    }

    @Test
    void aFloodOfAMillionOccurrencesGivesOneLinePerInterval() {
        OncePerInterval gate = new OncePerInterval(10_000);
        int lines = 0;
        long reported = 0;
        for (int i = 0; i < 1_000_000; i++) {
            long n = gate.check(i / 10); // 100 seconds of 10,000 occurrences per second
            if (n != OncePerInterval.SILENT) {
                lines++;
                reported += n + 1;
            }
        }
        assertThat(lines).isEqualTo(10);
        assertThat(reported + 99_999).isEqualTo(1_000_000); // the last interval's silenced ones are still pending
    }
}
