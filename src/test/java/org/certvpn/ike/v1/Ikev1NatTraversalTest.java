package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeSettings;
import org.junit.jupiter.api.Test;

/**
 * NAT-T (RFC 3947): detection with NAT-D, the float to port 4500 from message 5, UDP-encapsulated
 * transport mode, the client's private address in IDci, and forced encapsulation from either side.
 */
class Ikev1NatTraversalTest {

    @Test
    void clientBehindNatFloatsAndEncapsulates() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 21);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, true, Ikev1ExchangeTest.pskClient(), 22);
        c.engine.initiate(net.now, Ikev1ExchangeTest.pskInitiation(c));
        net.run();
        assertThat(gw.installed).as(gw.trace()).hasSize(1);
        var info = gw.installed.getFirst().info();
        assertThat(info.udpEncapsulated()).isTrue();
        assertThat(info.peer()).isEqualTo(c.seenAs(4500));
        assertThat(info.peer().address()).isEqualTo(InMemoryNetwork.NAT_PUBLIC);
        assertThat(info.peerTrafficAddress()).contains(Ikev1ExchangeTest.CLIENT);
        assertThat(gw.up.getFirst().localPort()).isEqualTo(4500);
        assertThat(gw.up.getFirst().natTraversal()).isTrue();
        Ikev1ExchangeTest.assertMirrored(gw.installed.getFirst().keys(), c.installed.getFirst().keys());
        assertThat(gw.trace()).contains("NAT detected: peer is behind NAT").contains("peer moved from")
                .contains("UDP-transport");
    }

    @Test
    void gatewayForcesEncapsulationByBlamingTheClient() {
        InMemoryNetwork net = new InMemoryNetwork();
        IkeSettings forced = Ikev1ExchangeTest.pskGateway().toBuilder().forceEncapsulation(true).build();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, forced, 23);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 24);
        c.engine.initiate(net.now, Ikev1ExchangeTest.pskInitiation(c));
        net.run();
        assertThat(gw.installed).as(gw.trace()).hasSize(1);
        assertThat(gw.installed.getFirst().keys().udpEncapsulated()).isTrue();
        assertThat(c.installed.getFirst().keys().udpEncapsulated()).isTrue();
        // The client believes itself behind NAT (not the server: Windows refuses servers behind NAT).
        assertThat(c.trace()).contains("NAT detected: we are behind NAT").doesNotContain("peer is behind NAT");
        assertThat(gw.installed.getFirst().info().peer()).isEqualTo(new Endpoint(Ikev1ExchangeTest.CLIENT, 4500));
    }

    @Test
    void clientForcesEncapsulation() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 25);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 26);
        c.engine.initiate(net.now, Ikev1ExchangeTest.pskInitiation(c).withForceEncapsulation(true));
        net.run();
        assertThat(gw.installed).as(gw.trace()).hasSize(1);
        assertThat(gw.installed.getFirst().keys().udpEncapsulated()).isTrue();
        assertThat(gw.trace()).contains("NAT detected: peer is behind NAT");
    }

    /**
     * An edge listening on several addresses passes each datagram's destination address: the engine must
     * answer from it (every send names it) and report it with the IKE SA and the child SA, whose ESP must
     * leave from it too, even when the settings name no address of ours.
     */
    @Test
    void everySendAndEverySaNamesTheAddressTheGatewayWasReachedOn() {
        InMemoryNetwork net = new InMemoryNetwork();
        IkeSettings noAddress = Ikev1ExchangeTest.pskGateway().toBuilder().localAddress(null).build();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, noAddress, 29);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, true, Ikev1ExchangeTest.pskClient(), 30);
        c.engine.initiate(net.now, Ikev1ExchangeTest.pskInitiation(c));
        net.run();
        assertThat(gw.installed).as(gw.trace()).hasSize(1);
        assertThat(gw.sentFrom).isNotEmpty().allSatisfy(e -> assertThat(e.address()).isEqualTo(InMemoryNetwork.GATEWAY));
        assertThat(gw.sentFrom).contains(new Endpoint(InMemoryNetwork.GATEWAY, 500), new Endpoint(InMemoryNetwork.GATEWAY, 4500));
        assertThat(gw.up.getFirst().local()).isEqualTo(new Endpoint(InMemoryNetwork.GATEWAY, 4500));
        assertThat(gw.installed.getFirst().info().localAddress()).isEqualTo(InMemoryNetwork.GATEWAY);
        // The client initiates from the address it was given; it names it likewise.
        assertThat(c.sentFrom).allSatisfy(e -> assertThat(e.address()).isEqualTo(Ikev1ExchangeTest.CLIENT));
        assertThat(c.installed.getFirst().info().localAddress()).isEqualTo(Ikev1ExchangeTest.CLIENT);
    }

    @Test
    void gatewayWithoutKnownAddressEchoesTheClientsView() {
        InMemoryNetwork net = new InMemoryNetwork();
        IkeSettings noAddress = Ikev1ExchangeTest.pskGateway().toBuilder().localAddress(null).build();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, noAddress, 27);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 28);
        c.engine.initiate(net.now, Ikev1ExchangeTest.pskInitiation(c));
        net.run();
        assertThat(c.trace()).doesNotContain("NAT detected");
        assertThat(gw.installed.getFirst().keys().udpEncapsulated()).isFalse();
    }
}
