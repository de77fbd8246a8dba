package org.certvpn.gateway.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the forwarding state file reader: whatever is in /run/certvpn/forwarding.state, it
 * yields "0", "1" or nothing, and never throws. Inputs in {@code ForwardingStateFuzzTestInputs/}.
 */
class ForwardingStateFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parseState(byte[] input) {
        var value = HostForwarding.parseState(new String(input, StandardCharsets.UTF_8));
        value.ifPresent(v -> assertThat(v).isIn("0", "1"));
    }
}
