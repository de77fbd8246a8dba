package org.certvpn.ppp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.certvpn.common.Hex;
import org.certvpn.common.MalformedPacketException;
import org.junit.jupiter.api.Test;

/** PPP framing (RFC 1661 §2, §6.5-6.6), the §5 control packet, options, CHAP (RFC 1994) and PAP (RFC 1334). */
class WireCodecTest {
    private final PppFrameHeader header = new PppFrameHeader();

    private boolean parse(String hex) {
        byte[] b = Hex.decode(hex);
        return header.parse(b, 0, b.length);
    }

    @Test
    void headerInEveryCompressionCombination() {
        assertThat(parse("ff03 0021 45")).isTrue();
        assertThat(header.protocol()).isEqualTo(PppProtocol.IPV4);
        assertThat(header.headerLength()).isEqualTo(4);
        assertThat(header.addressControlPresent()).isTrue();

        assertThat(parse("ff03 21 45")).isTrue();
        assertThat(header.headerLength()).isEqualTo(3);
        assertThat(header.protocol()).isEqualTo(0x21);

        assertThat(parse("0021 45")).isTrue();
        assertThat(header.headerLength()).isEqualTo(2);
        assertThat(header.addressControlPresent()).isFalse();

        assertThat(parse("21 45")).isTrue();
        assertThat(header.headerLength()).isEqualTo(1);

        assertThat(parse("c021 01")).isTrue();
        assertThat(header.protocol()).isEqualTo(PppProtocol.LCP);
    }

    @Test
    void badHeadersAreRefusedWithoutThrowing() {
        assertThat(parse("")).isFalse();
        assertThat(parse("ff05 c021")).as("control must be 03").isFalse();
        assertThat(parse("ff03")).as("no protocol").isFalse();
        assertThat(parse("c0")).as("truncated two-octet protocol").isFalse();
        assertThat(parse("c020 00")).as("low octet of protocol must be odd").isFalse();
        byte[] b = new byte[4];
        assertThat(header.parse(b, 2, 5)).as("bounds beyond the buffer").isFalse();
        assertThat(header.parse(b, -1, 2)).isFalse();
    }

    @Test
    void headerWrittenInPlaceBeforeTheInformation() {
        byte[] buf = new byte[10];
        assertThat(PppFrameHeader.write(buf, 4, PppProtocol.IPV4, false, false)).isZero();
        assertThat(Hex.encode(buf, 0, 4)).isEqualTo("ff030021");
        assertThat(PppFrameHeader.write(buf, 4, PppProtocol.IPV4, true, true)).isEqualTo(3);
        assertThat(buf[3]).isEqualTo((byte) 0x21);
        assertThat(PppFrameHeader.write(buf, 4, PppProtocol.LCP, true, true)).as("LCP never compresses its protocol")
                .isEqualTo(2);
        assertThat(PppProtocol.isWellFormed(0xC021)).isTrue();
        assertThat(PppProtocol.isWellFormed(0xC121)).isFalse();
    }

    @Test
    void frameValueAndControlFrameWithHeadroom() throws Exception {
        PppFrame f = PppFrame.decode(Hex.decode("21 4500"), 0, 3);
        assertThat(f.protocolCompressed()).isTrue();
        assertThat(f.addressControlPresent()).isFalse();
        assertThat(f.information()).isEqualTo(Hex.decode("4500"));
        byte[] buf = PppFrame.encodeUncompressed(PppProtocol.LCP, Hex.decode("09010008"), 8, 2);
        assertThat(buf).hasSize(8 + 4 + 4 + 2);
        assertThat(Hex.encode(buf, 8, 8)).isEqualTo("ff03c02109010008");
        assertThatThrownBy(() -> PppFrame.decode(Hex.decode("ff04"), 0, 2))
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void controlPacketIgnoresPaddingAndChecksLength() throws Exception {
        ControlPacket p = ControlPacket.decode(Hex.decode("01 2a 0008 01040578 0000"));
        assertThat(p.code()).isEqualTo(ControlCode.CONFIGURE_REQUEST);
        assertThat(p.identifier()).isEqualTo(42);
        assertThat(p.data()).isEqualTo(Hex.decode("01040578"));
        assertThat(p.encode()).isEqualTo(Hex.decode("012a000801040578"));
        assertThatThrownBy(() -> ControlPacket.decode(Hex.decode("01 2a 0003")))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("below the 4-octet header");
        assertThatThrownBy(() -> ControlPacket.decode(Hex.decode("01 2a 0009 01040578")))
                .isInstanceOf(MalformedPacketException.class)
                .satisfies(e -> assertThat(((MalformedPacketException) e).offset()).isEqualTo(2));
        assertThatThrownBy(() -> ControlPacket.decode(Hex.decode("01 2a")))
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void optionsDecodeInOrderAndRefuseBadLengths() throws Exception {
        List<ConfigOption> options = ConfigOption.decodeAll(Hex.decode("01040578 0702 0506deadbeef"));
        assertThat(options).containsExactly(ConfigOption.ofShort(1, 1400), ConfigOption.of(7),
                ConfigOption.ofInt(5, 0xdeadbeef));
        assertThat(ConfigOption.encodeAll(options)).isEqualTo(Hex.decode("010405780702 0506deadbeef"));
        assertThatThrownBy(() -> ConfigOption.decodeAll(Hex.decode("0101"))).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> ConfigOption.decodeAll(Hex.decode("0105 0000")))
                .isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> ConfigOption.decodeAll(Hex.decode("01"))).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void chapPacketsRoundTrip() throws Exception {
        ControlPacket challenge = ControlPacket.decode(Hex.decode("01 07 0018 10 000102030405060708090a0b0c0d0e0f 677731"));
        ChapPacket c = ChapPacket.decode(challenge);
        assertThat(c).isInstanceOf(ChapPacket.Challenge.class);
        ChapPacket.Challenge ch = (ChapPacket.Challenge) c;
        assertThat(ch.value()).hasSize(16);
        assertThat(new String(ch.name(), StandardCharsets.US_ASCII)).isEqualTo("gw1");
        assertThat(ch.toControlPacket()).isEqualTo(challenge);

        ChapPacket.Success s = (ChapPacket.Success) ChapPacket.decode(new ControlPacket(3, 7,
                "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=ok".getBytes(StandardCharsets.US_ASCII)));
        assertThat(MsChapV2Messages.authenticatorResponseOf(s.messageText()))
                .contains("S=407A5589115FD0D6209F510FE9C04566932CDA56");
        assertThat(MsChapV2Messages.authenticatorResponseOf("S=407A")).isEmpty();
        assertThat(MsChapV2Messages.authenticatorResponseOf("S=407A5589115FD0D6209F510FE9C04566932CDAZZ")).isEmpty();
        assertThat(ChapPacket.decode(new ControlPacket(9, 1, new byte[0]))).isInstanceOf(ChapPacket.Unknown.class);
        assertThatThrownBy(() -> ChapPacket.decode(new ControlPacket(2, 1, Hex.decode("31 00"))))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("Value-Size 49");
        assertThatThrownBy(() -> ChapPacket.decode(new ControlPacket(1, 1, new byte[0])))
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void msChapV2ResponseValueAndFailureMessage() throws Exception {
        byte[] value = Hex.decode("21402324255E262A28295F2B3A337C7E 0000000000000000"
                + "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF 00");
        MsChapV2Response r = MsChapV2Response.decode(value);
        assertThat(Hex.encode(r.ntResponse())).isEqualTo("82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df");
        assertThat(r.encode()).isEqualTo(value);
        assertThatThrownBy(() -> MsChapV2Response.decode(new byte[48])).isInstanceOf(MalformedPacketException.class);
        String failure = MsChapV2Messages.failure(691, new byte[16], "Access denied");
        assertThat(failure).isEqualTo("E=691 R=0 C=00000000000000000000000000000000 V=3 M=Access denied");
        assertThat(MsChapV2Messages.errorOf(failure)).isEqualTo(691);
        assertThat(MsChapV2Messages.errorOf("E=x R=0")).isEqualTo(-1);
        assertThat(MsChapV2Messages.errorOf("nothing")).isEqualTo(-1);
    }

    @Test
    void papPacketsRoundTrip() throws Exception {
        ControlPacket request = ControlPacket.decode(Hex.decode("01 05 000f 05 616c696365 04 70617373"));
        PapPacket.Request r = (PapPacket.Request) PapPacket.decode(request);
        assertThat(r.peerIdText()).isEqualTo("alice");
        assertThat(new String(r.password(), StandardCharsets.US_ASCII)).isEqualTo("pass");
        assertThat(r.toControlPacket()).isEqualTo(request);
        assertThat(r.toString()).doesNotContain("pass\"").contains("<hidden>");
        PapPacket.Ack ack = (PapPacket.Ack) PapPacket.decode(ControlPacket.decode(Hex.decode("02 05 0007 02 6f6b")));
        assertThat(ack.message()).isEqualTo("ok".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> PapPacket.decode(ControlPacket.decode(Hex.decode("01 05 0009 05 616c6963"))))
                .isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> PapPacket.decode(ControlPacket.decode(Hex.decode("03 05 0006 05 61"))))
                .isInstanceOf(MalformedPacketException.class);
    }
}
