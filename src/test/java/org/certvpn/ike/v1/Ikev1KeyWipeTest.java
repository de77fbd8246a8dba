package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import org.certvpn.ipsec.ChildSaKeys;
import org.junit.jupiter.api.Test;

/**
 * Key material is overwritten when SAs are deleted: the ISAKMP SA's SKEYID, SKEYID_d/a/e, encryption key and
 * g^xy when the IKE SA goes, and the engine's copy of the ESP keys (KEYMAT) when a child SA goes. What the JCE
 * keeps (the Diffie-Hellman private key, the ESP layer's SecretKeySpec) is outside this test; see THREATS.md.
 */
class Ikev1KeyWipeTest {
    @Test
    void deletingTheIkeSaZeroesItsKeysAndItsChildSasKeymat() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 1);
        var client = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 100);
        client.engine.initiate(net.now, Ikev1ExchangeTest.pskInitiation(client));
        net.run();
        assertThat(gw.installed).as(gw.trace()).hasSize(1);

        long serial = gw.up.getFirst().serial();
        Ikev1Sa sa = gw.engine.ikeSa(serial);
        Phase1Keys keys = sa.keys;
        byte[][] phase1 = {keys.skeyid(), keys.skeyidD(), keys.skeyidA(), keys.skeyidE(), keys.encryptionKey(), sa.gxy};
        for (byte[] k : phase1) {
            assertThat(isZero(k)).as("a live key is not zero").isFalse();
        }
        ChildSaKeys child = gw.installed.getFirst().keys();
        assertThat(isZero(child.inboundEncryptionKey())).isFalse();

        gw.engine.deleteIkeSa(net.now, serial, "administrator");
        net.run();

        assertThat(gw.engine.ikeSa(serial)).isNull();
        assertThat(client.down).as("the peer was told (the DELETE was sealed before the keys went)").isNotEmpty();
        for (byte[] k : phase1) {
            assertThat(isZero(k)).as("SKEYID*, the cipher key and g^xy are zero after the delete").isTrue();
        }
        assertThat(gw.removed).hasSize(1);
        assertThat(isZero(child.inboundEncryptionKey())).isTrue();
        assertThat(isZero(child.inboundIntegrityKey())).isTrue();
        assertThat(isZero(child.outboundEncryptionKey())).isTrue();
        assertThat(isZero(child.outboundIntegrityKey())).isTrue();
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
