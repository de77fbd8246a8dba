package org.certvpn.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.Inet4Address;
import java.time.Duration;

/**
 * The value syntaxes both configuration readers share (identities, durations, numbers, yes/no, addresses
 * and ranges), fuzzed directly because the file parsers reach them only behind a valid line. Each must
 * either yield a value or throw {@link IllegalArgumentException} with a message, which the readers turn
 * into a positioned error; anything else would escape a {@code config check} as a stack trace.
 * Seeds: {@code ConfigValuesFuzzTestInputs/METHOD/}.
 */
class ConfigValuesFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void peerId(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            PeerId id = PeerId.parse(text);
            assertThat(id.toString()).isNotNull();
            // What is printed parses back to an equal identity (config convert relies on it).
            assertThat(PeerId.parse(id.toString())).isEqualTo(id);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void scalars(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 2);
        String text = data.consumeRemainingAsString();
        try {
            switch (which) {
                case 0 -> {
                    Duration d = Values.duration(text);
                    assertThat(d).isBetween(Duration.ZERO, Values.MAX_DURATION);
                    assertThat(Values.duration(Values.formatDuration(d))).isEqualTo(d);
                }
                case 1 -> assertThat(Values.integer(text, -5, 70_000)).isBetween(-5, 70_000);
                default -> Values.yesNo(text);
            }
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void addresses(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 2);
        String text = data.consumeRemainingAsString();
        try {
            switch (which) {
                case 0 -> {
                    AddressRange r = AddressRange.parse(text);
                    assertThat(Addresses.toLong(r.first())).isLessThanOrEqualTo(Addresses.toLong(r.last()));
                }
                case 1 -> {
                    Inet4Address a = Addresses.parseIpv4(text);
                    assertThat(Addresses.parseIpv4(a.getHostAddress())).isEqualTo(a);
                }
                default -> assertThat(Addresses.parse(text)).isNotNull();
            }
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
