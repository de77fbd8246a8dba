package org.certvpn.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * What {@code certvpn ca} and {@code enroll} take from the command line before anything is signed:
 * subject DNs, user and device names, key types and serial numbers. Each either yields a value or throws
 * {@link IllegalArgumentException} with a message (printed as one line, exit status 1).
 * Seeds: {@code CaInputsFuzzTestInputs/parse/}.
 */
class CaInputsFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 4);
        String text = data.consumeRemainingAsString();
        try {
            switch (which) {
                case 0 -> {
                    var name = Names.parseDn(text, true);
                    assertThat(Names.cnOf(name)).isNotEmpty();
                    Names.withCn(name, "alice");
                }
                case 1 -> Names.parseServerSubjectBase(text);
                case 2 -> {
                    assertThat(Names.userName(text)).isEqualTo(text);
                    Names.deviceName(text);
                }
                case 3 -> assertThat(KeySpec.parse(text)).isNotNull();
                default -> assertThat(IndexEntry.parseSerial(text).signum()).isPositive();
            }
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
