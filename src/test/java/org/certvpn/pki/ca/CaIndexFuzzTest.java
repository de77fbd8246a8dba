package org.certvpn.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The index parser either refuses with {@link StoreFormatException} or yields an index that formats back to an equal one. */
class CaIndexFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse(byte[] input) throws Exception {
        CaIndex index;
        try {
            index = CaIndex.parse(input);
        } catch (StoreFormatException expected) {
            return;
        }
        assertThat(CaIndex.parse(index.format())).isEqualTo(index);
    }
}
