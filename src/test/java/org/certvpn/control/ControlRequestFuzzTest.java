package org.certvpn.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The control socket's request parser on any line a local client can send: it either yields a request
 * that encodes back to the same line, or refuses with {@link IllegalArgumentException}, which the server
 * answers as "bad request". Seeds: {@code ControlRequestFuzzTestInputs/decode/}.
 */
class ControlRequestFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void decode(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        ControlRequest request;
        try {
            request = ControlRequest.decode(line);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(request.command()).isNotEmpty();
        assertThat(request.encode()).isEqualTo(line + "\n");
        assertThat(ControlRequest.of(request.command(), request.args().toArray(String[]::new))).isEqualTo(request);
        for (int i = 0; i <= request.args().size(); i++) {
            assertThat(request.arg(i)).isNotNull();
        }
    }
}
