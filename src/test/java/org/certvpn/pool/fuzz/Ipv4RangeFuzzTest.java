package org.certvpn.pool.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.certvpn.pool.Ipv4Range;

/** The pool range parser accepts or refuses with {@link IllegalArgumentException}, nothing else. */
class Ipv4RangeFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        try {
            Ipv4Range range = Ipv4Range.parse(text);
            assertThat(Ipv4Range.parse(range.toString())).isEqualTo(range);
        } catch (IllegalArgumentException expected) {
            // refused with a reason
        }
    }
}
