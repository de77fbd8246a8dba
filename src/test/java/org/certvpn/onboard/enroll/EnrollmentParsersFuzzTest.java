package org.certvpn.onboard.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The two parsers that read what strangers and admins type: request paths never throw and only
 * yield well-formed tokens and plain file names; listen addresses either parse or say why with
 * {@link IllegalArgumentException}.
 */
class EnrollmentParsersFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void path(byte[] input) {
        String path = new String(input, StandardCharsets.UTF_8);
        EnrollmentPath.parse(path).ifPresent(p -> {
            assertThat(p.token()).hasSize(EnrollmentGrant.TOKEN_LENGTH).matches("[A-Za-z0-9_-]+");
            p.file().ifPresent(f -> assertThat(f).matches("[A-Za-z0-9_.-]+").doesNotStartWith("."));
            assertThat(path).startsWith(EnrollmentPath.page(p.token()).substring(0, 3 + EnrollmentGrant.TOKEN_LENGTH));
        });
    }

    @FuzzTest(maxDuration = "30s")
    void listen(byte[] input) {
        try {
            var a = ListenAddress.parse(new String(input, StandardCharsets.UTF_8));
            assertThat(a.getPort()).isBetween(0, 65535);
            assertThat(a.isUnresolved()).isFalse();
        } catch (IllegalArgumentException expected) {
            // refused with a reason
        }
    }
}
