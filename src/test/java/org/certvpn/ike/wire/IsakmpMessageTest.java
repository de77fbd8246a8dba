package org.certvpn.ike.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.certvpn.common.Hex;
import org.certvpn.common.MalformedPacketException;
import org.junit.jupiter.api.Test;

/**
 * The ISAKMP header (RFC 2408 §3.1) and a whole first message as Windows 10/11 sends it: the facts of the
 * captured Main Mode message 1 in CLIENT-COMPATIBILITY.md §2 (one ISAKMP proposal, five transforms,
 * SHA1, the lifetime as a 4-byte TLV, eight vendor IDs), encoded byte by byte.
 */
class IsakmpMessageTest {
    static final String WINDOWS_MM1 = """
            a1b2c3d4e5f6071800000000000000000110020000000000000001980d0000d4
            0000000100000001000000c801010005030000280101000080010007800e0100
            800200028003000180040014800b0001000c0004000070800300002802010000
            80010007800e0080800200028003000180040013800b0001000c000400007080
            030000280301000080010007800e010080020002800300018004000e800b0001
            000c00040000708003000024040100008001000580020002800300018004000e
            800b0001000c0004000070800000002405010000800100058002000280030001
            80040002800b0001000c0004000070800d00001801528bbbc00696121849ab9a
            1c5b2a51000000010d0000181e2b516905991c7d7c96fcbfb587e46100000009
            0d0000144a131c81070358455c5728f20e95452f0d00001490cb80913ebb696e
            086381b5ec427b1f0d0000144048b7d56ebce88525e7de7f00d6c2d30d000014
            fb1de3cdf341b7ea16b7e5be0855f1200d00001426244d38eddb61b3172a36e3
            d0cfb81900000014e3a5966a76379fe707228231e5ce8652
            """;

    @Test
    void windowsMainModeFirstMessage() throws Exception {
        byte[] bytes = Hex.decode(WINDOWS_MM1);
        IsakmpMessage m = IsakmpMessage.decode(bytes);
        IsakmpHeader h = m.header();
        assertThat(h.initiatorCookie()).isEqualTo(0xa1b2c3d4e5f60718L);
        assertThat(h.responderCookie()).isZero();
        assertThat(h.exchangeType()).isEqualTo(ExchangeType.IDENTITY_PROTECTION);
        assertThat(h.majorVersion()).isEqualTo(1);
        assertThat(h.length()).isEqualTo(408);

        SaPayload sa = m.payloads().first(SaPayload.class).orElseThrow();
        assertThat(sa.proposals()).hasSize(1);
        List<SaPayload.Transform> ts = sa.proposals().getFirst().transforms();
        assertThat(ts).hasSize(5);
        // 1: AES-CBC-256 / SHA1 / ECP-384 (group 20).
        assertThat(ts.get(0).attribute(IkeAttribute.ENCRYPTION_ALGORITHM).numeric()).hasValue(7);
        assertThat(ts.get(0).attribute(IkeAttribute.KEY_LENGTH).numeric()).hasValue(256);
        assertThat(ts.get(0).attribute(IkeAttribute.GROUP_DESCRIPTION).numeric()).hasValue(20);
        assertThat(ts.get(1).attribute(IkeAttribute.GROUP_DESCRIPTION).numeric()).hasValue(19);
        assertThat(ts.get(4).attribute(IkeAttribute.ENCRYPTION_ALGORITHM).numeric()).hasValue(5);
        assertThat(ts.get(4).attribute(IkeAttribute.GROUP_DESCRIPTION).numeric()).hasValue(2);
        for (SaPayload.Transform t : ts) {
            Attribute life = t.attribute(IkeAttribute.LIFE_DURATION);
            assertThat(life.tv()).isFalse();
            assertThat(life.value().length()).isEqualTo(4);
            assertThat(life.numeric()).hasValue(28800);
        }
        List<VendorIdPayload> vids = m.payloads().all(VendorIdPayload.class);
        assertThat(vids).hasSize(8);
        // FRAGMENTATION without the capability bytes racoon appends.
        assertThat(vids.get(4).data()).isEqualTo(Octets.fromHex("4048b7d56ebce88525e7de7f00d6c2d3"));

        assertThat(IsakmpMessage.encode(h, m.payloads().payloads())).isEqualTo(bytes);
    }

    @Test
    void headerRoundTrip() throws Exception {
        IsakmpHeader h = IsakmpHeader.v1(1, 2, PayloadType.HASH, ExchangeType.QUICK_MODE,
                IsakmpHeader.FLAG_ENCRYPTION | IsakmpHeader.FLAG_COMMIT, 0x12345678, 28);
        byte[] b = h.encode();
        assertThat(Hex.encode(b)).isEqualTo("0000000000000001" + "0000000000000002" + "08102003" + "12345678" + "0000001c");
        IsakmpHeader back = IsakmpHeader.decode(b);
        assertThat(back).isEqualTo(h);
        assertThat(back.encrypted()).isTrue();
        assertThat(back.commit()).isTrue();
    }

    @Test
    void headerLengthIsChecked() {
        byte[] shortDatagram = Hex.decode("00000000000000010000000000000002081020031234567800000040");
        assertThatThrownBy(() -> IsakmpHeader.decode(shortDatagram))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("exceeds datagram");
        byte[] tiny = Hex.decode("00000000000000010000000000000002081020031234567800000010");
        assertThatThrownBy(() -> IsakmpHeader.decode(tiny)).hasMessageContaining("below header size");
        assertThatThrownBy(() -> IsakmpHeader.decode(new byte[27])).isInstanceOf(MalformedPacketException.class);
    }
}
