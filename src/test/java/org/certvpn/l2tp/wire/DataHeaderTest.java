package org.certvpn.l2tp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.certvpn.common.Hex;
import org.junit.jupiter.api.Test;

/** Data message headers (RFC 2661 §3.1) in every optional-field combination. */
class DataHeaderTest {
    private final DataHeader h = new DataHeader();

    @Test
    void plainSixOctetHeaderAsPppolacSendsIt() {
        byte[] p = Hex.decode("0002 1f2e 4d3c ff03 c021 0101 0004");

        assertThat(h.parse(p, 0, p.length)).isTrue();
        assertThat(h.tunnelId()).isEqualTo(0x1f2e);
        assertThat(h.sessionId()).isEqualTo(0x4d3c);
        assertThat(h.hasSequence()).isFalse();
        assertThat(h.hasLength()).isFalse();
        assertThat(h.payloadOffset()).isEqualTo(6);
        assertThat(h.payloadLength()).isEqualTo(8);
        assertThat(h.addressControl()).isTrue();
    }

    @Test
    void lengthBitLimitsThePayload() {
        byte[] p = Hex.decode("4002 000b 0001 0002 c021 01 eeee");

        assertThat(h.parse(p, 0, p.length)).isTrue();
        assertThat(h.payloadOffset()).isEqualTo(8);
        assertThat(h.payloadLength()).isEqualTo(3);
        assertThat(h.addressControl()).isFalse();
    }

    @Test
    void sequenceNumbers() {
        byte[] p = Hex.decode("0802 0001 0002 0007 0000 ff03 0021 45");

        assertThat(h.parse(p, 0, p.length)).isTrue();
        assertThat(h.hasSequence()).isTrue();
        assertThat(h.ns()).isEqualTo(7);
        assertThat(h.payloadOffset()).isEqualTo(10);
    }

    @Test
    void offsetFieldSkipsThePadding() {
        byte[] p = Hex.decode("0202 0001 0002 0003 aabbcc ff03 c021");

        assertThat(h.parse(p, 0, p.length)).isTrue();
        assertThat(h.hasOffset()).isTrue();
        assertThat(h.payloadOffset()).isEqualTo(11);
        assertThat(h.payloadLength()).isEqualTo(4);
    }

    @Test
    void allOptionalFieldsTogetherAndPriority() {
        byte[] p = Hex.decode("4b02 0014 0001 0002 0009 0000 0002 aabb ff03 c021 eeee");

        assertThat(h.parse(p, 0, p.length)).isTrue();
        assertThat(h.priority()).isTrue();
        assertThat(h.ns()).isEqualTo(9);
        assertThat(h.payloadOffset()).isEqualTo(16);
        assertThat(h.payloadLength()).isEqualTo(4);
    }

    @Test
    void dropsWithAReason() {
        assertDrop("0002 0001", DataHeader.Drop.TRUNCATED);
        assertDrop("c802 000c 0000 0000 0000 0000", DataHeader.Drop.CONTROL);
        assertDrop("0003 0001 0002 ff03", DataHeader.Drop.VERSION);
        assertDrop("4002 0040 0001 0002 ff03", DataHeader.Drop.LENGTH);
        assertDrop("4002 0004 0001 0002 ff03", DataHeader.Drop.LENGTH);
        assertDrop("0802 0001 0002 00", DataHeader.Drop.TRUNCATED);
        assertDrop("0202 0001 0002 0009 ff03", DataHeader.Drop.OFFSET);
        assertDrop("0002 0001 0002", DataHeader.Drop.EMPTY);
        assertDrop("4002 0008 0001 0002 ff03", DataHeader.Drop.EMPTY);
    }

    private void assertDrop(String hex, DataHeader.Drop why) {
        byte[] p = Hex.decode(hex);
        assertThat(h.parse(p, 0, p.length)).as(hex).isFalse();
        assertThat(h.drop()).as(hex).isEqualTo(why);
    }

    @Test
    void writesIntoTheHeadroomAndParsesBack() {
        byte[] buf = new byte[64];
        byte[] ppp = Hex.decode("ff03 0021 4500");
        System.arraycopy(ppp, 0, buf, 16, ppp.length);

        int start = DataHeader.write(buf, 16, ppp.length, 0x1111, 0x2222, true, true, 5);

        assertThat(start).isEqualTo(4);
        assertThat(Hex.encode(buf, start, 12 + ppp.length)).isEqualTo("48020012111122220005" + "0000" + "ff0300214500");
        assertThat(h.parse(buf, start, 12 + ppp.length)).isTrue();
        assertThat(h.payloadOffset()).isEqualTo(16);
        assertThat(h.tunnelId()).isEqualTo(0x1111);

        int plain = DataHeader.write(buf, 16, ppp.length, 0x1111, 0x2222, false, false, 0);
        assertThat(plain).isEqualTo(10);
        assertThat(Hex.encode(buf, plain, 6)).isEqualTo("000211112222");
    }

    @Test
    void tooLittleHeadroomIsACallerBug() {
        byte[] buf = new byte[20];
        assertThatThrownBy(() -> DataHeader.write(buf, 5, 4, 1, 2, false, false, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
