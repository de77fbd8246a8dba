package org.certvpn.ppp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.ppp.wire.PppFrame;
import org.certvpn.ppp.wire.PppFrameHeader;

/** The frame header parser never throws, and agrees with the immutable decoder. */
class PppFrameFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void decodeFrame(byte[] input) {
        PppFrameHeader header = new PppFrameHeader();
        boolean parsed = header.parse(input, 0, input.length);
        try {
            PppFrame frame = PppFrame.decode(input, 0, input.length);
            assertThat(parsed).isTrue();
            assertThat(frame.protocol()).isEqualTo(header.protocol());
            assertThat(frame.information().length).isEqualTo(input.length - header.headerLength());
        } catch (MalformedPacketException e) {
            assertThat(parsed).isFalse();
        }
    }
}
