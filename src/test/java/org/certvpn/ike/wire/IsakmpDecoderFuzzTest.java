package org.certvpn.ike.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.certvpn.common.MalformedPacketException;

/**
 * The ISAKMP decoder on arbitrary bytes: it either yields values or throws
 * {@link MalformedPacketException}, never anything else; what it decodes re-encodes to an equal chain.
 * Seeds: {@code IsakmpDecoderFuzzTestInputs/decode/} (a Windows MM1, Quick Mode and fragment shapes).
 */
class IsakmpDecoderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decode(byte[] data) {
        try {
            IsakmpHeader header = IsakmpHeader.decode(data);
            if (!header.encrypted()) {
                IsakmpMessage m = IsakmpMessage.decode(data);
                roundTrip(m.payloads());
            }
        } catch (MalformedPacketException expected) {
            assertThat(expected.offset()).isBetween(0, data.length);
        }
        if (data.length > 0) {
            try {
                roundTrip(PayloadCodec.decode(PayloadType.valueOf(data[0] & 0xff), data, 1, data.length));
            } catch (MalformedPacketException expected) {
                assertThat(expected.offset()).isBetween(0, data.length);
            }
        }
    }

    private static void roundTrip(Payloads chain) throws MalformedPacketException {
        if (chain.size() == 0) {
            return;
        }
        byte[] again;
        try {
            again = PayloadCodec.encode(chain.payloads());
        } catch (IllegalArgumentException tooLong) {
            return;
        }
        Payloads back = PayloadCodec.decode(chain.get(0).type(), again, 0, again.length);
        assertThat(back.payloads()).isEqualTo(chain.payloads());
    }
}
