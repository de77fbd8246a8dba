package org.certvpn.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * The journal parser either refuses with {@link StoreFormatException} or yields writes whose paths stay
 * inside the store and which format back to the same journal.
 */
class JournalFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse(byte[] input) throws Exception {
        List<Journal.Write> writes;
        try {
            writes = Journal.parse(input);
        } catch (StoreFormatException expected) {
            return;
        }
        for (Journal.Write w : writes) {
            assertThat(Journal.validPath(w.path())).isTrue();
        }
        assertThat(Journal.parse(Journal.format(writes))).isEqualTo(writes);
    }

    /** The checksum hides most of the format from a fuzzer; this target checks the body alone. */
    @FuzzTest(maxDuration = "30s")
    void parseBody(byte[] body) throws Exception {
        byte[] input = JournalTest.withChecksum(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1));
        try {
            List<Journal.Write> writes = Journal.parse(input);
            for (Journal.Write w : writes) {
                assertThat(Journal.validPath(w.path())).isTrue();
            }
        } catch (StoreFormatException expected) {
            // refused cleanly
        }
    }
}
