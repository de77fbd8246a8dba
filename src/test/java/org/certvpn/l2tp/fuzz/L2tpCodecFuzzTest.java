package org.certvpn.l2tp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.l2tp.wire.Avp;
import org.certvpn.l2tp.wire.ControlCodec;
import org.certvpn.l2tp.wire.ControlMessage;
import org.certvpn.l2tp.wire.DataHeader;

/**
 * Fuzz targets for the L2TP wire parsers: the control message decoder (header, AVPs, hidden AVPs)
 * and the data header parser. Regression inputs live in {@code L2tpCodecFuzzTestInputs/}.
 */
class L2tpCodecFuzzTest {
    private static final byte[] SECRET = "secret".getBytes(StandardCharsets.US_ASCII);

    /** First octet: bit 0 selects whether a tunnel secret is known; the rest is the datagram. */
    @FuzzTest(maxDuration = "30s")
    void controlDecoder(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] secret = (input[0] & 1) != 0 ? SECRET : null;
        ControlMessage m;
        try {
            m = ControlCodec.decode(input, 1, input.length - 1, secret);
        } catch (MalformedPacketException e) {
            assertThat(e.offset()).isBetween(0, input.length - 1);
            return;
        }
        if (m.avps().stream().anyMatch(a -> a.hidden() || a.reservedBitsSet())) {
            return;
        }
        // Without hidden AVPs (re-hidden with other padding) and reserved AVP bits (we send them as
        // zero, RFC 2661 §4.1), encoding what was decoded and decoding again is the identity.
        byte[] again = ControlCodec.encode(m, null);
        try {
            ControlMessage back = ControlCodec.decode(again, 0, again.length, null);
            assertThat(back.avps()).isEqualTo(m.avps());
            assertThat(back.type()).isEqualTo(m.type());
            assertThat(back.ns()).isEqualTo(m.ns());
            assertThat(back.nr()).isEqualTo(m.nr());
        } catch (MalformedPacketException e) {
            throw new AssertionError("re-encoded message does not decode: " + e.getMessage(), e);
        }
    }

    /** The whole input is one datagram handed to the data path. */
    @FuzzTest(maxDuration = "30s")
    void dataHeader(byte[] input) {
        DataHeader h = new DataHeader();
        if (h.parse(input, 0, input.length)) {
            assertThat(h.drop()).isEqualTo(DataHeader.Drop.NONE);
            assertThat(h.payloadLength()).isPositive();
            assertThat(h.payloadOffset()).isBetween(DataHeader.MIN_HEADER_LENGTH, input.length - 1);
            assertThat(h.payloadOffset() + h.payloadLength()).isLessThanOrEqualTo(input.length);
        } else {
            assertThat(h.drop()).isNotEqualTo(DataHeader.Drop.NONE);
        }
    }
}
