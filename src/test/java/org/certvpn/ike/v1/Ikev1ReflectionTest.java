package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.certvpn.ike.Endpoint;
import org.junit.jupiter.api.Test;

/**
 * Our own answer coming back to us must never be taken for the peer's request. Seen with a real client
 * behind a NAT whose outside address was local to the gateway (and a wildcard listen address, so the
 * kernel picked that address as the source of MM2): MM2 went to the gateway itself, was recorded as the
 * peer's "last request" although it failed to process, and every copy of it was then answered from the
 * retransmission cache with MM2 again: the gateway talked to itself at 100,000 packets a second. The
 * same happens to a datagram anyone crafts with the gateway's own address as its source.
 */
class Ikev1ReflectionTest {

    @Test
    void ownMainModeAnswerReflectedBackIsDroppedAndNeverAnswered() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 41);
        var client = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 42);
        List<byte[]> fromClient = new ArrayList<>();
        List<byte[]> fromGateway = new ArrayList<>();
        // Nothing reaches its destination: the test hands the gateway each datagram itself.
        net.drop(p -> (p.from() == gw ? fromGateway : fromClient).add(p.data()) || true);
        client.engine.initiate(net.now, Ikev1Initiation.android(new Endpoint(InMemoryNetwork.GATEWAY, 500),
                client.address, Optional.of(Ikev1ExchangeTest.PSK)));
        net.run();
        assertThat(fromClient).hasSize(1);
        byte[] mm1 = fromClient.getFirst();
        gw.engine.receive(net.now, InMemoryNetwork.GATEWAY, 500, client.address, 500, mm1);
        net.run();
        assertThat(fromGateway).hasSize(1);
        byte[] mm2 = fromGateway.getFirst();

        // MM2 comes back from the peer's endpoint: it is not a request of this exchange.
        gw.engine.receive(net.now, InMemoryNetwork.GATEWAY, 500, client.address, 500, mm2);
        net.run();
        assertThat(fromGateway).hasSize(1);

        // The peer retransmits MM1: answered once from the cache, as before.
        gw.engine.receive(net.now, InMemoryNetwork.GATEWAY, 500, client.address, 500, mm1);
        net.run();
        assertThat(fromGateway).hasSize(2);
        assertThat(fromGateway.get(1)).isEqualTo(mm2);

        // And that answer reflected back again still causes nothing: no loop.
        for (int i = 0; i < 3; i++) {
            gw.engine.receive(net.now, InMemoryNetwork.GATEWAY, 500, client.address, 500, mm2);
            net.run();
        }
        assertThat(fromGateway).hasSize(2);
    }
}
