package org.certvpn.ppp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.ppp.wire.ChapPacket;
import org.certvpn.ppp.wire.ControlPacket;
import org.certvpn.ppp.wire.MsChapV2Messages;
import org.certvpn.ppp.wire.MsChapV2Response;
import org.certvpn.ppp.wire.PapPacket;

/** CHAP, MS-CHAPv2 and PAP decoding never throw anything but {@link MalformedPacketException}. */
class AuthPacketFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void decodeChapMsChapV2AndPap(byte[] input) {
        ControlPacket packet;
        try {
            packet = ControlPacket.decode(input);
        } catch (MalformedPacketException e) {
            return;
        }
        try {
            ChapPacket chap = ChapPacket.decode(packet);
            assertThat(chap.identifier()).isEqualTo(packet.identifier());
            if (chap instanceof ChapPacket.Response r) {
                try {
                    MsChapV2Response value = MsChapV2Response.decode(r.value());
                    assertThat(value.encode()).hasSize(MsChapV2Response.LENGTH);
                } catch (MalformedPacketException e) {
                    assertThat(r.value().length).isNotEqualTo(MsChapV2Response.LENGTH);
                }
                r.nameText();
            }
            if (!(chap instanceof ChapPacket.Unknown)) {
                assertThat(chap.toControlPacket()).isEqualTo(packet);
            }
        } catch (MalformedPacketException e) {
            // refused with a position
        }
        try {
            PapPacket pap = PapPacket.decode(packet);
            pap.toControlPacket();
        } catch (MalformedPacketException e) {
            // refused with a position
        }
        String text = new String(packet.data(), StandardCharsets.ISO_8859_1);
        MsChapV2Messages.authenticatorResponseOf(text);
        MsChapV2Messages.errorOf(text);
    }
}
