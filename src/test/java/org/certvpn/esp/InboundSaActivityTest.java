package org.certvpn.esp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.certvpn.ipsec.ChildSaKeys;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;
import org.junit.jupiter.api.Test;

/**
 * ESP activity for dead peer detection ({@link InboundSa#receivedAt}) is credited per SA. The case from the interop lab: a strongSwan client not behind NAT
 * (raw ESP, so its peer is its address alone) was powered off and reconnected without INITIAL-CONTACT;
 * its new SA's traffic must not keep the dead SA's DPD quiet.
 */
class InboundSaActivityTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.11", 0);
    private static final InetSocketAddress GATEWAY = new InetSocketAddress("192.0.2.1", 0);
    private final SplittableRandom random = new SplittableRandom(7);
    private final InboundSaTable table = new InboundSaTable();
    private final EspContext gatewayEsp = new EspContext();
    private final EspContext clientEsp = new EspContext();

    /** A gateway SA pair and the client's mirror of it. */
    private record Sas(EspSaPair gateway, EspSaPair client) {}

    private Sas sas(int spiIn, int spiOut) {
        byte[] encIn = bytes(32);
        byte[] encOut = bytes(32);
        byte[] intIn = bytes(20);
        byte[] intOut = bytes(20);
        ChildSaKeys gw = new ChildSaKeys(spiIn, spiOut, EspCipher.AES_CBC_256, EspIntegrity.HMAC_SHA1_96, encIn, intIn,
                encOut, intOut, ChildSaKeys.Mode.TRANSPORT, false, 28800, 0);
        ChildSaKeys cl = new ChildSaKeys(spiOut, spiIn, EspCipher.AES_CBC_256, EspIntegrity.HMAC_SHA1_96, encOut, intOut,
                encIn, intIn, ChildSaKeys.Mode.TRANSPORT, false, 28800, 0);
        Sas s = new Sas(EspSaPair.create(gw, CLIENT, random), EspSaPair.create(cl, GATEWAY, random));
        assertThat(table.install(s.gateway().inbound())).isTrue();
        return s;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private void clientSends(Sas s) {
        byte[] buf = new byte[Esp.MAX_HEADROOM + 100 + Esp.MAX_TAILROOM];
        assertThat(clientEsp.seal(s.client().outbound(), buf, Esp.MAX_HEADROOM, 100, Esp.NEXT_HEADER_UDP))
                .isEqualTo(EspStatus.OK);
        byte[] packet = java.util.Arrays.copyOfRange(buf, clientEsp.packetOffset(),
                clientEsp.packetOffset() + clientEsp.packetLength());
        assertThat(gatewayEsp.open(table, packet, 0, packet.length, CLIENT)).isEqualTo(EspStatus.OK);
    }

    /** What the gateway's inbound path does for every packet that passed: note the time on its SA. */
    private void clientSendsAt(Sas s, long nowMillis) {
        clientSends(s);
        gatewayEsp.openedSa().noteReceivedAt(nowMillis);
    }

    @Test
    void theNewSasTrafficIsNotCreditedToTheDeadOneOfTheSamePeer() {
        Sas old = sas(0x1000_0001, 0x2000_0001);
        InboundSa oldIn = old.gateway().inbound();
        assertThat(oldIn.receivedAt()).as("installed, no packet yet").isEqualTo(Long.MIN_VALUE);
        clientSendsAt(old, 1_000);
        assertThat(oldIn.receivedAt()).isEqualTo(1_000);

        // The client vanished and came back from the same address with a new SA.
        Sas fresh = sas(0x1000_0002, 0x2000_0002);
        InboundSa freshIn = fresh.gateway().inbound();
        clientSendsAt(fresh, 50_000);
        clientSendsAt(fresh, 80_000);
        assertThat(oldIn.receivedAt()).as("the dead SA keeps its own last packet").isEqualTo(1_000);
        assertThat(freshIn.receivedAt()).isEqualTo(80_000);
        assertThat(gatewayEsp.openedSa()).isSameAs(freshIn);
    }
}
