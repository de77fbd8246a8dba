package org.certvpn.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HexTest {
    @Test
    void decodesVectorFormatting() {
        assertThat(Hex.decode("0x0b0b 0b0b\n 0b:0b")).containsExactly(11, 11, 11, 11, 11, 11);
        assertThat(Hex.encode(new byte[] {(byte) 0xde, (byte) 0xad})).isEqualTo("dead");
    }

    @Test
    void malformedPacketCarriesOffset() {
        var e = new MalformedPacketException(17, "payload length 3 below minimum 4");
        assertThat(e.offset()).isEqualTo(17);
        assertThat(e.reason()).isEqualTo("payload length 3 below minimum 4");
        assertThat(e.getMessage()).endsWith("(at offset 17)");
    }
}
