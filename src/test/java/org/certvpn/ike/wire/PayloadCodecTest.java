package org.certvpn.ike.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.certvpn.common.Hex;
import org.certvpn.common.MalformedPacketException;
import org.junit.jupiter.api.Test;

/**
 * One hex vector per payload (RFC 2408 §3 layouts, RFC 3947 §3.2/§5.1, RFC 3706 §5, Cisco fragments):
 * decode gives the expected value and encoding that value gives the same bytes back.
 */
class PayloadCodecTest {

    private static Payload single(PayloadType type, String hex) throws MalformedPacketException {
        byte[] bytes = Hex.decode(hex);
        Payloads chain = PayloadCodec.decode(type, bytes, 0, bytes.length);
        assertThat(chain.size()).isEqualTo(1);
        assertThat(PayloadCodec.encode(chain.payloads())).isEqualTo(bytes);
        return chain.get(0);
    }

    @Test
    void keyExchange() throws Exception {
        assertThat(single(PayloadType.KEY_EXCHANGE, "0000000c 0102030405060708"))
                .isEqualTo(new KeyExchangePayload(Octets.fromHex("0102030405060708")));
    }

    @Test
    void identificationDerDn() throws Exception {
        // ID_DER_ASN1_DN (9), protocol 0, port 0, DER of "CN=bob".
        IdPayload id = (IdPayload) single(PayloadType.IDENTIFICATION,
                "00000018 09000000 300e310c300a06035504030c03626f62");
        assertThat(id.idType()).isEqualTo(IdPayload.ID_DER_ASN1_DN);
        assertThat(id.data()).isEqualTo(Octets.fromHex("300e310c300a06035504030c03626f62"));
        assertThat(id.body()).isEqualTo(Hex.decode("09000000 300e310c300a06035504030c03626f62"));
    }

    @Test
    void identificationQuickModeUdp1701() throws Exception {
        // IDcr as Android sends it: ID_IPV4_ADDR 192.0.2.5, UDP (17), port 1701.
        assertThat(single(PayloadType.IDENTIFICATION, "0000000c 011106a5 c0000205"))
                .isEqualTo(new IdPayload(IdPayload.ID_IPV4_ADDR, 17, 1701, Octets.fromHex("c0000205")));
    }

    @Test
    void certificateAndRequest() throws Exception {
        assertThat(single(PayloadType.CERTIFICATE, "0000000a 04 3003020101"))
                .isEqualTo(new CertPayload(CertEncoding.X509_SIGNATURE, Octets.fromHex("3003020101")));
        assertThat(single(PayloadType.CERTIFICATE_REQUEST, "00000005 04"))
                .isEqualTo(new CertRequestPayload(CertEncoding.X509_SIGNATURE, Octets.empty()));
    }

    @Test
    void hashSignatureNonceVendorId() throws Exception {
        assertThat(single(PayloadType.HASH, "00000008 a1a2a3a4")).isEqualTo(new HashPayload(Octets.fromHex("a1a2a3a4")));
        assertThat(single(PayloadType.SIGNATURE, "00000008 b1b2b3b4"))
                .isEqualTo(new SignaturePayload(Octets.fromHex("b1b2b3b4")));
        assertThat(single(PayloadType.NONCE, "0000000c c1c2c3c4c5c6c7c8"))
                .isEqualTo(new NoncePayload(Octets.fromHex("c1c2c3c4c5c6c7c8")));
        // RFC 3706 DPD vendor ID.
        assertThat(single(PayloadType.VENDOR_ID, "00000014 afcad71368a1f1c96b8696fc77570100"))
                .isEqualTo(new VendorIdPayload(Octets.fromHex("afcad71368a1f1c96b8696fc77570100")));
    }

    @Test
    void initialContactNotify() throws Exception {
        // RFC 2407 §4.6.3.3: protocol ISAKMP, SPI = both cookies.
        NotifyPayload n = (NotifyPayload) single(PayloadType.NOTIFICATION,
                "0000001c 00000001 0110 6002 a1b2c3d4e5f60718 1122334455667788");
        assertThat(n.notifyType()).isEqualTo(NotifyType.INITIAL_CONTACT);
        assertThat(n.protocolId()).isEqualTo(SaPayload.Proposal.PROTO_ISAKMP);
        assertThat(n.spi()).isEqualTo(Octets.fromHex("a1b2c3d4e5f607181122334455667788"));
        assertThat(n.data().isEmpty()).isTrue();
    }

    @Test
    void dpdRuThereNotify() throws Exception {
        // RFC 3706 §5: R-U-THERE (36136), SPI = cookies, data = 32-bit sequence number.
        NotifyPayload n = (NotifyPayload) single(PayloadType.NOTIFICATION,
                "00000020 00000001 0110 8d28 a1b2c3d4e5f60718 1122334455667788 0000002a");
        assertThat(n.notifyType()).isEqualTo(NotifyType.R_U_THERE);
        assertThat(n.data()).isEqualTo(Octets.fromHex("0000002a"));
    }

    @Test
    void deleteEsp() throws Exception {
        assertThat(single(PayloadType.DELETE, "00000014 00000001 0304 0002 c0ffee01 c0ffee02"))
                .isEqualTo(new DeletePayload(1, SaPayload.Proposal.PROTO_IPSEC_ESP, 4,
                        List.of(Octets.fromHex("c0ffee01"), Octets.fromHex("c0ffee02"))));
    }

    @Test
    void deleteWithSpisOfNoBytesIsMalformed() {
        // 12 bytes claiming 65,535 SPIs of size 0: refused at the count (offset 10), not decoded into 65,535
        // empty values (the fuzzer found such inputs ran a thousand times slower than any other).
        assertMalformed(PayloadType.DELETE, "0000000c 00000001 0100 ffff", 10);
        assertMalformed(PayloadType.DELETE, "0000000c 00000001 0300 0001", 10);
    }

    @Test
    void natDiscoveryBothNumberings() throws Exception {
        byte[] rfc = Hex.decode("0d000018 0102030405060708090a0b0c0d0e0f1011121314"
                + "00000018 1112131415161718191a1b1c1d1e1f2021222324");
        Payloads chain = PayloadCodec.decode(PayloadType.NAT_D, rfc, 0, rfc.length);
        assertThat(chain.get(0)).isEqualTo(new NatDPayload(PayloadType.NAT_D,
                Octets.fromHex("0102030405060708090a0b0c0d0e0f1011121314")));
        assertThat(chain.get(1)).isInstanceOf(VendorIdPayload.class);
        assertThat(single(PayloadType.NAT_D_DRAFT, "00000008 01020304"))
                .isEqualTo(new NatDPayload(PayloadType.NAT_D_DRAFT, Octets.fromHex("01020304")));
    }

    @Test
    void natOriginalAddress() throws Exception {
        assertThat(single(PayloadType.NAT_OA, "0000000c 01000000 c6336405"))
                .isEqualTo(new NatOaPayload(PayloadType.NAT_OA, IdPayload.ID_IPV4_ADDR, Octets.fromHex("c6336405")));
        assertThat(single(PayloadType.NAT_OA_DRAFT, "0000000c 01000000 c6336405").type())
                .isEqualTo(PayloadType.NAT_OA_DRAFT);
    }

    @Test
    void fragment() throws Exception {
        assertThat(single(PayloadType.FRAGMENT, "0000000c 0007 02 01 deadbeef"))
                .isEqualTo(new FragmentPayload(7, 2, true, Octets.fromHex("deadbeef")));
    }

    @Test
    void unknownTypeStaysAValue() throws Exception {
        Payload p = single(PayloadType.valueOf(200), "00000006 abcd");
        assertThat(p).isEqualTo(new UnknownPayload(PayloadType.valueOf(200), Octets.fromHex("abcd")));
        assertThat(p.type().toString()).isEqualTo("UNKNOWN(200)");
    }

    @Test
    void securityAssociationWithTvAndTlvAttributes() throws Exception {
        // One ISAKMP proposal, one transform: AES-CBC/256, SHA1, PSK, group 2, lifetime 28800 s as 4-byte TLV.
        SaPayload sa = (SaPayload) single(PayloadType.SECURITY_ASSOCIATION, """
                0000003c 00000001 00000001
                00000030 01010001
                00000028 01010000 80010007 800e0100 80020002 80030001 80040002 800b0001 000c0004 00007080
                """);
        assertThat(sa.doi()).isEqualTo(SaPayload.DOI_IPSEC);
        SaPayload.Transform t = sa.proposals().getFirst().transforms().getFirst();
        assertThat(t.transformId()).isEqualTo(SaPayload.Transform.KEY_IKE);
        assertThat(t.attribute(IkeAttribute.KEY_LENGTH).numeric()).hasValue(256);
        Attribute life = t.attribute(IkeAttribute.LIFE_DURATION);
        assertThat(life.tv()).isFalse();
        assertThat(life.numeric()).hasValue(28800);
    }

    @Test
    void espProposalWithSpi() throws Exception {
        // Quick Mode SA: ESP proposal, SPI c0ffee01, AES (12) 128 bits, HMAC-SHA1, transport, 28800 s (TV).
        SaPayload sa = (SaPayload) single(PayloadType.SECURITY_ASSOCIATION, """
                00000034 00000001 00000001
                00000028 01030401 c0ffee01
                0000001c 010c0000 80010001 80020e10 80040002 80050002 80060080
                """);
        SaPayload.Proposal p = sa.proposals().getFirst();
        assertThat(p.protocolId()).isEqualTo(SaPayload.Proposal.PROTO_IPSEC_ESP);
        assertThat(p.spi()).isEqualTo(Octets.fromHex("c0ffee01"));
        assertThat(p.transforms().getFirst().attribute(IpsecAttribute.SA_LIFE_DURATION).numeric()).hasValue(3600);
    }

    @Test
    void chainKeepsRawBytesForHashes() throws Exception {
        byte[] chain = Hex.decode("0a000008 a1a2a3a4 00000008 c1c2c3c4 0000000000000000");
        Payloads p = PayloadCodec.decode(PayloadType.HASH, chain, 0, chain.length);
        assertThat(p.body(0)).isEqualTo(Hex.decode("a1a2a3a4"));
        // Quick Mode hashes cover everything after HASH up to the last payload, never the padding.
        assertThat(p.from(1)).isEqualTo(Hex.decode("00000008 c1c2c3c4"));
        assertThat(p.raw()).hasSize(16);
    }

    @Test
    void malformedInputsFailWithTheirOffset() {
        assertMalformed(PayloadType.HASH, "000000", 2);
        assertMalformed(PayloadType.HASH, "00000003", 2);
        assertMalformed(PayloadType.HASH, "00000009 a1a2a3a4", 2);
        // Second payload overruns: the offset points into it.
        assertMalformed(PayloadType.HASH, "0a000008 a1a2a3a4 00000010 c1", 10);
        // Transform count says 2, one transform present.
        assertMalformed(PayloadType.SECURITY_ASSOCIATION,
                "0000001c 00000001 00000001 00000010 01010002 00000008 01010000", 19);
        // TLV attribute longer than its transform.
        assertMalformed(PayloadType.SECURITY_ASSOCIATION,
                "00000020 00000001 00000001 00000014 01010001 0000000c 01010000 000c0008", 30);
        assertMalformed(PayloadType.DELETE, "00000010 00000001 0304 0005 c0ffee01", 10);
        assertMalformed(PayloadType.NAT_OA, "0000000b 01000000 c63364", 8);
        assertMalformed(PayloadType.SECURITY_ASSOCIATION, "0000000c 00000001 00000002", 8);
    }

    @Test
    void malformedOffsetsAreRelativeToTheBuffer() {
        byte[] buf = Hex.decode("ffffffff 00000009 a1a2a3a4");
        assertThatThrownBy(() -> PayloadCodec.decode(PayloadType.HASH, buf, 4, buf.length))
                .isInstanceOf(MalformedPacketException.class)
                .satisfies(e -> assertThat(((MalformedPacketException) e).offset()).isEqualTo(6));
    }

    @Test
    void tooManyPayloadsAreRefused() {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < PayloadCodec.MAX_PAYLOADS + 1; i++) {
            hex.append("0d000004");
        }
        byte[] b = Hex.decode(hex);
        assertThatThrownBy(() -> PayloadCodec.decode(PayloadType.VENDOR_ID, b, 0, b.length))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("more than");
    }

    private static void assertMalformed(PayloadType first, String hex, int offset) {
        byte[] b = Hex.decode(hex);
        assertThatThrownBy(() -> PayloadCodec.decode(first, b, 0, b.length))
                .isInstanceOf(MalformedPacketException.class)
                .satisfies(e -> assertThat(((MalformedPacketException) e).offset()).as(e.getMessage()).isEqualTo(offset));
    }
}
