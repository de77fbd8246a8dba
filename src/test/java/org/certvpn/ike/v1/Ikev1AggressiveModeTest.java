package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.PreSharedKeys;
import org.junit.jupiter.api.Test;

/**
 * Aggressive Mode with a pre-shared key found by the identity Android sends when "IPSec identifier" is
 * filled in; only when enabled.
 */
class Ikev1AggressiveModeTest {

    private static IkeSettings gateway(boolean aggressive) {
        return IkeSettings.builder().localAddress(InMemoryNetwork.GATEWAY).aggressiveMode(aggressive)
                .preSharedKeys(PreSharedKeys.of(List.of(
                        PreSharedKeys.forIdentity("phone.example.com", Ikev1ExchangeTest.PSK),
                        PreSharedKeys.forAny("another secret".getBytes())))).build();
    }

    @Test
    void pskFoundByIdentity() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, gateway(true), 71);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 72);
        c.engine.initiate(net.now, Ikev1ExchangeTest.pskInitiation(c).withIdentifier("phone.example.com"));
        net.run();
        assertThat(gw.up).as(gw.trace()).hasSize(1);
        assertThat(gw.up.getFirst().identity()).isEqualTo(PeerIdentity.preSharedKey("phone.example.com"));
        assertThat(gw.trace()).contains("Aggressive Mode from").contains("peer ID ID_FQDN phone.example.com")
                .contains("peer authenticated by PSK for ID phone.example.com");
        assertThat(gw.installed).hasSize(1);
        Ikev1ExchangeTest.assertMirrored(gw.installed.getFirst().keys(), c.installed.getFirst().keys());
    }

    @Test
    void behindNat() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, gateway(true), 73);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, true, Ikev1ExchangeTest.pskClient(), 74);
        c.engine.initiate(net.now, Ikev1ExchangeTest.pskInitiation(c).withIdentifier("phone.example.com"));
        net.run();
        assertThat(gw.installed).as(gw.trace()).hasSize(1);
        assertThat(gw.installed.getFirst().keys().udpEncapsulated()).isTrue();
        assertThat(gw.installed.getFirst().info().peer()).isEqualTo(c.seenAs(4500));
    }

    @Test
    void wrongKeyForTheIdentity() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, gateway(true), 75);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 76);
        var init = new Ikev1Initiation(Ikev1ExchangeTest.pskInitiation(c).responder(), 500, c.address,
                java.util.Optional.of("guess".getBytes()), java.util.Optional.of("phone.example.com"),
                Ikev1ExchangeTest.pskInitiation(c).ikeOffers(), java.time.Duration.ofHours(8), List.of(),
                java.util.Optional.empty(), java.time.Duration.ofHours(8), c.address, 1701, true, false, true, false);
        c.engine.initiate(net.now, init);
        net.run();
        assertThat(gw.up).isEmpty();
        // The client already fails on HASH_R; the gateway sees no third message and times out.
        assertThat(c.trace()).contains("HASH_R does not verify");
        net.advance(46_000);
        assertThat(gw.engine.halfOpenCount()).isZero();
    }

    @Test
    void refusedWhenDisabled() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, gateway(false), 77);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 78);
        c.engine.initiate(net.now, Ikev1ExchangeTest.pskInitiation(c).withIdentifier("phone.example.com"));
        net.run();
        assertThat(gw.up).isEmpty();
        assertThat(gw.engine.counters().drops(DropReason.AGGRESSIVE_MODE_DISABLED)).isEqualTo(1);
    }
}
