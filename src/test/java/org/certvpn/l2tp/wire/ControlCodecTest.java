package org.certvpn.l2tp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.certvpn.common.Hex;
import org.certvpn.common.MalformedPacketException;
import org.junit.jupiter.api.Test;

/** Hex vectors for the control message codec (RFC 2661 §3.1, §4.1, §4.3, §4.4). */
class ControlCodecTest {
    private static final byte[] SECRET = "secret".getBytes(StandardCharsets.US_ASCII);
    private static final String RV_HEX = "000102030405060708090a0b0c0d0e0f";

    /** An SCCRQ laid out the way Android's mtpd builds it (CLIENT-COMPATIBILITY §1.4). */
    private static final String MTPD_SCCRQ =
            "c802 0045 0000 0000 0000 0000"
            + "8008 0000 0000 0001"                           // Message Type SCCRQ, flags word 0x8008
            + "8008 0000 0002 0100"                           // Protocol Version 1.0
            + "800f 0000 0007 616e6f6e796d6f7573"             // Host Name "anonymous"
            + "800a 0000 0003 00000003"                       // Framing Capabilities sync+async
            + "8008 0000 0009 1f2e"                           // Assigned Tunnel ID 0x1f2e
            + "8008 0000 000a 0001";                          // Receive Window Size 1

    @Test
    void decodesAnMtpdSccrq() throws Exception {
        byte[] wire = Hex.decode(MTPD_SCCRQ);
        ControlMessage m = ControlCodec.decode(wire, 0, wire.length, null);

        assertThat(m.type()).isEqualTo(MessageType.SCCRQ);
        assertThat(m.tunnelId()).isZero();
        assertThat(m.ns()).isZero();
        assertThat(m.nr()).isZero();
        assertThat(m.find(AvpType.HOST_NAME).orElseThrow().string()).isEqualTo("anonymous");
        assertThat(m.find(AvpType.ASSIGNED_TUNNEL_ID).orElseThrow().u16()).isEqualTo(0x1f2e);
        assertThat(m.find(AvpType.RECEIVE_WINDOW_SIZE).orElseThrow().u16()).isEqualTo(1);
        assertThat(m.find(AvpType.FRAMING_CAPABILITIES).orElseThrow().u32()).isEqualTo(3);
        assertThat(m.unrecognizedMandatory()).isEmpty();
        assertThat(MessageRules.firstMissing(m)).isEmpty();
    }

    @Test
    void encodesTheSameBytes() {
        ControlMessage m = ControlMessage.of(MessageType.SCCRQ, 0, 0,
                Avp.u16(AvpType.PROTOCOL_VERSION, 0x0100),
                Avp.string(AvpType.HOST_NAME, "anonymous"),
                Avp.u32(AvpType.FRAMING_CAPABILITIES, 3),
                Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, 0x1f2e),
                Avp.u16(AvpType.RECEIVE_WINDOW_SIZE, 1));

        assertThat(Hex.encode(ControlCodec.encode(m, null))).isEqualTo(Hex.encode(Hex.decode(MTPD_SCCRQ)));
    }

    @Test
    void zlbIsExactlyTwelveOctets() throws Exception {
        byte[] wire = ControlCodec.encode(ControlMessage.zlb(0x1f2e, 1, 2), null);

        assertThat(Hex.encode(wire)).isEqualTo("c802000c1f2e000000010002");
        ControlMessage m = ControlCodec.decode(wire, 0, wire.length, null);
        assertThat(m.isZlb()).isTrue();
        assertThat(m.avps()).isEmpty();
    }

    /*
     * RFC 2661 §4.3 by hand, secret "secret", Random Vector 00..0f:
     * Assigned Session ID 0x1234 (attribute 14): subformat 0002 1234 + 12 octets of padding.
     * b1 = MD5(000e | "secret" | RV) = 3b59e35fb971354aa9c04288867a6a00, c1 = p1 xor b1.
     */
    private static final String HIDDEN_ICRQ =
            "c802 004a 0001 0000 0000 0000"
            + "8008 0000 0000 000a"                                        // Message Type ICRQ
            + "8016 0000 0024 " + RV_HEX                                   // Random Vector
            + "c016 0000 000e 3b5bf16bb971354aa9c04288867a6a00"            // hidden Assigned Session ID
            + "800a 0000 000f 00000001";                                   // Call Serial Number 1

    @Test
    void hidesAnAvpAsRfc2661Section43Describes() {
        ControlMessage m = ControlMessage.of(MessageType.ICRQ, 1, 0,
                Avp.of(AvpType.RANDOM_VECTOR, Hex.decode(RV_HEX)),
                Avp.u16(AvpType.ASSIGNED_SESSION_ID, 0x1234).asHidden(),
                Avp.u32(AvpType.CALL_SERIAL_NUMBER, 1));

        assertThat(Hex.encode(ControlCodec.encode(m, SECRET))).isEqualTo(Hex.encode(Hex.decode(HIDDEN_ICRQ)));
    }

    @Test
    void revealsAHiddenAvp() throws Exception {
        byte[] wire = Hex.decode(HIDDEN_ICRQ);
        ControlMessage m = ControlCodec.decode(wire, 0, wire.length, SECRET);

        Avp session = m.find(AvpType.ASSIGNED_SESSION_ID).orElseThrow();
        assertThat(session.hidden()).isTrue();
        assertThat(session.revealed()).isTrue();
        assertThat(session.u16()).isEqualTo(0x1234);
        assertThat(m.unrecognizedMandatory()).isEmpty();
    }

    @Test
    void revealsAnUnpaddedHiddenAvpWhoseLastChunkIsShort() throws Exception {
        // The RFC does not require padding: a peer may send just c1 truncated to the 4-octet subformat.
        byte[] wire = Hex.decode("c802 0034 0001 0000 0000 0000"
                + "8008 0000 0000 000a"
                + "8016 0000 0024 " + RV_HEX
                + "c00a 0000 000e 3b5bf16b");
        ControlMessage m = ControlCodec.decode(wire, 0, wire.length, SECRET);

        assertThat(m.avps().get(2).u16()).isEqualTo(0x1234);
    }

    @Test
    void chainsMd5OverPreviousCipherChunks() throws Exception {
        // Vendor Name "CertVPN test vendor" (19 octets): subformat 21 octets padded to 32, two chunks.
        // b1 = MD5(0008 | "secret" | RV) = 8fe6496861be4dac2a6a3cb6b8d92963
        // b2 = MD5("secret" | c1)        = 4af7e2dffdbd8838e327916f4f1d1d6e
        String hidden = "8ff50a0d13ca1bfc644a48d3cbad09152f9986b08fbd8838e327916f4f1d1d6e";
        ControlMessage m = ControlMessage.of(MessageType.HELLO, 7, 0,
                Avp.of(AvpType.RANDOM_VECTOR, Hex.decode(RV_HEX)),
                Avp.string(AvpType.VENDOR_NAME, "CertVPN test vendor").asHidden());
        byte[] wire = ControlCodec.encode(m, SECRET);

        assertThat(Hex.encode(wire, wire.length - 38, 38)).isEqualTo("40260000" + "0008" + hidden);
        ControlMessage back = ControlCodec.decode(wire, 0, wire.length, SECRET);
        assertThat(back.find(AvpType.VENDOR_NAME).orElseThrow().string()).isEqualTo("CertVPN test vendor");
    }

    @Test
    void withoutTheSecretAHiddenAvpStaysUnrevealedAndCountsAsUnrecognized() throws Exception {
        byte[] wire = Hex.decode(HIDDEN_ICRQ);
        ControlMessage m = ControlCodec.decode(wire, 0, wire.length, null);

        Avp session = m.avps().get(2);
        assertThat(session.revealed()).isFalse();
        assertThat(session.recognized()).isFalse();
        assertThat(m.find(AvpType.ASSIGNED_SESSION_ID)).isEmpty();
        assertThat(m.unrecognizedMandatory()).contains(session);
    }

    @Test
    void aWrongSecretIsReportedAtTheHiddenAvp() {
        byte[] wire = Hex.decode(HIDDEN_ICRQ);

        assertThatThrownBy(() -> ControlCodec.decode(wire, 0, wire.length, "wrong".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(MalformedPacketException.class)
                .satisfies(e -> assertThat(((MalformedPacketException) e).offset()).isEqualTo(42));
    }

    @Test
    void hidingNeedsAPrecedingRandomVector() {
        ControlMessage m = ControlMessage.of(MessageType.ICRQ, 1, 0,
                Avp.u16(AvpType.ASSIGNED_SESSION_ID, 1).asHidden(),
                Avp.of(AvpType.RANDOM_VECTOR, Hex.decode(RV_HEX)));

        assertThatThrownBy(() -> ControlCodec.encode(m, SECRET)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsUnknownAndVendorAvpsAsValues() throws Exception {
        byte[] wire = Hex.decode("c802 0028 0001 0000 0000 0000"
                + "8008 0000 0000 0006"              // HELLO
                + "000a 0137 0005 01020304"          // vendor 311 attribute 5, M clear
                + "800a 0000 0063 05060708");        // IETF attribute 99 (unknown), M set
        ControlMessage m = ControlCodec.decode(wire, 0, wire.length, null);

        assertThat(m.type()).isEqualTo(MessageType.HELLO);
        assertThat(m.avps()).hasSize(3);
        assertThat(m.avps().get(1).type()).isEqualTo(AvpType.valueOf(311, 5));
        assertThat(m.avps().get(1).recognized()).isFalse();
        assertThat(m.unrecognizedMandatory().orElseThrow().type()).isEqualTo(AvpType.valueOf(0, 99));
        assertThat(Hex.encode(ControlCodec.encode(m, null))).isEqualTo(Hex.encode(wire));
    }

    @Test
    void reservedAvpBitsMakeAnAvpUnrecognized() throws Exception {
        byte[] wire = Hex.decode("c802 001c 0001 0000 0000 0000"
                + "8008 0000 0000 0006"
                + "8408 0000 000e 0001");           // Assigned Session ID with a reserved bit set
        ControlMessage m = ControlCodec.decode(wire, 0, wire.length, null);

        assertThat(m.avps().get(1).reservedBitsSet()).isTrue();
        assertThat(m.unrecognizedMandatory()).isPresent();
    }

    @Test
    void unknownMessageTypesAreKept() throws Exception {
        byte[] wire = Hex.decode("c802 0014 0001 0000 0000 0000 0008 0000 0000 0063");
        ControlMessage m = ControlCodec.decode(wire, 0, wire.length, null);

        assertThat(m.type()).isEqualTo(MessageType.valueOf(99));
        assertThat(m.type().isKnown()).isFalse();
        assertThat(m.messageTypeMandatory()).isFalse();
    }

    @Test
    void trailingOctetsAfterLengthAreIgnored() throws Exception {
        byte[] wire = Hex.decode("c802000c1f2e000000010002 deadbeef");

        assertThat(ControlCodec.decode(wire, 0, wire.length, null).isZlb()).isTrue();
    }

    @Test
    void decodesAtAnOffsetInsideALargerBuffer() throws Exception {
        byte[] inner = Hex.decode(MTPD_SCCRQ);
        byte[] buf = new byte[inner.length + 40];
        System.arraycopy(inner, 0, buf, 28, inner.length);

        assertThat(ControlCodec.decode(buf, 28, inner.length, null).type()).isEqualTo(MessageType.SCCRQ);
    }

    @Test
    void rejectsWithTheOffendingOffset() {
        assertMalformed("c802000c0000", 0);                                        // shorter than the header
        assertMalformed("c803000c000000000000 0000", 1);                          // version 3
        assertMalformed("8802000c000000000000 0000", 0);                          // L bit missing
        assertMalformed("c002000c000000000000 0000", 0);                          // S bit missing
        assertMalformed("ca02000c000000000000 0000", 0);                          // O bit on a control message
        assertMalformed("c8020020000000000000 0000", 2);                          // Length beyond datagram
        assertMalformed("c8020014000000000000 0000 8008 0000 0002 0100", 12);     // first AVP not Message Type
        assertMalformed("c8020014000000000000 0000 c008 0000 0000 0001", 12);     // hidden Message Type
        assertMalformed("c802001c000000000000 0000 8008 0000 0000 0001 8010 0000 0009 0001", 20); // AVP too long
        assertMalformed("c8020019000000000000 0000 8008 0000 0000 0001 8009 0000 0009 000102", 20); // tunnel ID of 3 octets
        assertMalformed("c8020017000000000000 0000 8008 0000 0000 0001 8003 0000", 20); // truncated AVP header
        assertMalformed("c8020018000000000000 0000 8008 0000 0000 0001 8004 0000 0007", 20); // AVP Length < 6
    }

    private static void assertMalformed(String hex, int offset) {
        byte[] wire = Hex.decode(hex);
        assertThatThrownBy(() -> ControlCodec.decode(wire, 0, wire.length, null))
                .isInstanceOf(MalformedPacketException.class)
                .satisfies(e -> assertThat(((MalformedPacketException) e).offset()).as(hex).isEqualTo(offset));
    }

    @Test
    void resultCodesRoundTripAndReadWell() throws Exception {
        ResultCode rc = ResultCode.of(ResultCode.STOPCCN_GENERAL_ERROR, ResultCode.ERROR_UNKNOWN_MANDATORY_AVP, "attr 99");
        ControlMessage m = ControlMessage.of(MessageType.STOPCCN, 5, 0, Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, 9), rc.toAvp());
        byte[] wire = ControlCodec.encode(m, null);

        ControlMessage back = ControlCodec.decode(wire, 0, wire.length, null);
        ResultCode read = ResultCode.from(back.find(AvpType.RESULT_CODE).orElseThrow());
        assertThat(read).isEqualTo(rc);
        assertThat(read.describe(MessageType.STOPCCN))
                .isEqualTo("result 2 (general error), error 8 (unknown AVP with the M bit set): attr 99");
        // mtpd's StopCCN carries only the 2-octet result code 6.
        assertThat(ResultCode.from(Avp.u16(AvpType.RESULT_CODE, 6)).describe(MessageType.STOPCCN))
                .isEqualTo("result 6 (requester is being shut down)");
    }

    @Test
    void retransmissionPatchesOnlyTheSequenceFields() {
        byte[] wire = ControlCodec.encode(ControlMessage.of(MessageType.HELLO, 0x1f2e, 0, List.of()), null);
        ControlCodec.patchSequence(wire, 0x0102, 0x0304);

        assertThat(Hex.encode(wire)).isEqualTo("c80200141f2e0000010203048008000000000006");
    }
}
