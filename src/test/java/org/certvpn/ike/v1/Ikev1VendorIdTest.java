package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.certvpn.common.Hex;
import org.certvpn.ike.IkeListener;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.wire.IkeAttribute;
import org.certvpn.ike.wire.IsakmpMessage;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.PayloadType;
import org.certvpn.ike.wire.SaPayload;
import org.certvpn.ike.wire.VendorIdPayload;
import org.junit.jupiter.api.Test;

/**
 * What the responder answers to real first messages: the Windows MM1 of CLIENT-COMPATIBILITY.md §2 gets
 * its first transform echoed byte for byte (the lifetime stays a 4-byte TLV) and the NAT-T variant it
 * offers; Android's vendor ID set gets DPD and fragmentation back.
 */
class Ikev1VendorIdTest {

    private static IsakmpMessage answer(byte[] mm1) throws Exception {
        List<byte[]> sent = new ArrayList<>();
        IkeListener capture = new IkeListener() {
            @Override
            public void send(int localPort, Endpoint remote, byte[] datagram) {
                sent.add(datagram);
            }
        };
        InMemoryNetwork net = new InMemoryNetwork();
        Ikev1Engine engine = new Ikev1Engine(Ikev1ExchangeTest.pskGateway(), capture, new java.util.Random(1),
                org.certvpn.crypto.DhKeySource.from(new java.util.Random(2)), net.wallClock);
        engine.receive(net.now, 500, Ikev1ExchangeTest.CLIENT, 500, mm1);
        assertThat(sent).hasSize(1);
        return IsakmpMessage.decode(sent.getFirst());
    }

    private static List<VendorId> vids(IsakmpMessage m) {
        return m.payloads().all(VendorIdPayload.class).stream().map(v -> VendorId.of(v.data())).toList();
    }

    @Test
    void windowsFirstMessage() throws Exception {
        byte[] mm1 = Hex.decode(IsakmpMessageFixtures.WINDOWS_MM1);
        IsakmpMessage mm2 = answer(mm1);
        SaPayload chosen = mm2.payloads().first(SaPayload.class).orElseThrow();
        SaPayload offered = IsakmpMessage.decode(mm1).payloads().first(SaPayload.class).orElseThrow();
        assertThat(chosen.proposals().getFirst().transforms())
                .containsExactly(offered.proposals().getFirst().transforms().getFirst());
        assertThat(chosen.proposals().getFirst().transforms().getFirst().attribute(IkeAttribute.LIFE_DURATION).tv())
                .isFalse();
        // RFC 3947 preferred over draft-02; fragmentation answered with the capability word; no DPD (not offered).
        assertThat(vids(mm2)).containsExactly(VendorId.NAT_T_RFC3947, VendorId.FRAGMENTATION);
        assertThat(mm2.payloads().all(VendorIdPayload.class).get(1).data())
                .isEqualTo(Octets.fromHex("4048b7d56ebce88525e7de7f00d6c2d380000000"));
    }

    @Test
    void draftNatTraversalWhenTheRfcIsNotOffered() throws Exception {
        byte[] mm1 = Hex.decode(IsakmpMessageFixtures.WINDOWS_MM1);
        String all = Hex.encode(mm1);
        int at = all.indexOf("4a131c81070358455c5728f20e95452f") / 2;
        mm1[at] ^= (byte) 0xff;
        IsakmpMessage mm2 = answer(mm1);
        assertThat(vids(mm2)).startsWith(VendorId.NAT_T_DRAFT_02N);
        assertThat(NatTraversal.DRAFT_02N.natD()).isEqualTo(PayloadType.NAT_D_DRAFT);
        assertThat(NatTraversal.DRAFT_02N.udpTransportMode()).isEqualTo(61444);
    }

    @Test
    void variantChoice() {
        assertThat(NatTraversal.choose(List.of(VendorId.NAT_T_DRAFT_02.payload(), VendorId.NAT_T_RFC3947.payload())))
                .isEqualTo(NatTraversal.RFC_3947);
        assertThat(NatTraversal.choose(List.of(VendorId.NAT_T_DRAFT_02.payload(), VendorId.NAT_T_DRAFT_03.payload())))
                .isEqualTo(NatTraversal.DRAFT_03);
        assertThat(NatTraversal.choose(List.of(VendorId.NAT_T_DRAFT_00.payload(), VendorId.DPD.payload()))).isNull();
        assertThat(VendorId.of(Octets.fromHex("1e2b516905991c7d7c96fcbfb587e46100000009")))
                .isEqualTo(VendorId.MS_NT5_ISAKMPOAKLEY);
    }
}
