package org.certvpn.esp;

import static org.assertj.core.api.Assertions.assertThat;

import org.certvpn.common.Hex;
import org.certvpn.esp.UdpEncapsulation.Kind;
import org.junit.jupiter.api.Test;

/** RFC 3948 §2: what a UDP/4500 payload is. */
class UdpEncapsulationTest {

    private static Kind classify(String hex) {
        byte[] b = Hex.decode("aa" + hex + "bb");
        return UdpEncapsulation.classify(b, 1, b.length - 2);
    }

    @Test
    void nonEspMarkerMeansIke() {
        assertThat(classify("00000000" + "0102030405060708090a0b0c0d0e0f10")).isEqualTo(Kind.IKE);
        assertThat(classify("00000000")).as("empty IKE message: IKE decides").isEqualTo(Kind.IKE);
    }

    @Test
    void singleFfIsAKeepaliveAndAnythingElseThatShortIsMalformed() {
        assertThat(classify("ff")).isEqualTo(Kind.NAT_KEEPALIVE);
        assertThat(classify("fe")).isEqualTo(Kind.MALFORMED);
        assertThat(classify("ffff")).isEqualTo(Kind.MALFORMED);
        assertThat(classify("")).isEqualTo(Kind.MALFORMED);
        assertThat(classify("000000")).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void nonZeroSpiMeansEsp() {
        assertThat(classify("00004321" + "00000001")).isEqualTo(Kind.ESP);
        assertThat(classify("00000100" + "00000001" + "00112233")).isEqualTo(Kind.ESP);
        assertThat(classify("00004321" + "000000")).as("shorter than SPI + sequence").isEqualTo(Kind.MALFORMED);
    }

    @Test
    void markerIsPrependedInPlace() {
        byte[] b = Hex.decode("ffffffffffff" + "0102");
        assertThat(UdpEncapsulation.prependNonEspMarker(b, 6)).isEqualTo(2);
        assertThat(Hex.encode(b)).isEqualTo("ffff000000000102");
        assertThat(UdpEncapsulation.classify(b, 2, 6)).isEqualTo(Kind.IKE);
    }
}
