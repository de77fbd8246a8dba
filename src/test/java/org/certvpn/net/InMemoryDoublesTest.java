package org.certvpn.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryDoublesTest {
    private static final InetSocketAddress GATEWAY = new InetSocketAddress("192.0.2.1", 4500);
    private static final InetSocketAddress NAT_PHONE = new InetSocketAddress("198.51.100.20", 4500);
    private static final InetSocketAddress NAT_LAPTOP = new InetSocketAddress("198.51.100.20", 61001);

    @Test
    void datagramsCarryTheSendersAddressAndPortSoClientsBehindOneNatStayApart() throws Exception {
        InMemoryNetwork net = new InMemoryNetwork();
        DatagramEndpoint gateway = net.bind(GATEWAY);
        DatagramEndpoint phone = net.bind(NAT_PHONE);
        DatagramEndpoint laptop = net.bind(NAT_LAPTOP);
        phone.send("from phone".getBytes(), 0, 10, GATEWAY);
        laptop.send("xxfrom laptop".getBytes(), 2, 11, GATEWAY);

        byte[] buf = new byte[100];
        ReceivedDatagram d = new ReceivedDatagram();
        assertThat(gateway.receive(buf, 5, 95, d)).isTrue();
        assertThat(d.source()).isEqualTo(NAT_PHONE);
        assertThat(new String(buf, 5, d.length())).isEqualTo("from phone");
        assertThat(gateway.receive(buf, 0, 100, d)).isTrue();
        assertThat(d.source()).isEqualTo(NAT_LAPTOP);
        assertThat(new String(buf, 0, d.length())).isEqualTo("from laptop");

        gateway.send("reply".getBytes(), 0, 5, NAT_LAPTOP);
        assertThat(laptop.receive(buf, 0, 100, d)).isTrue();
        assertThat(d.source()).isEqualTo(GATEWAY);
        assertThatThrownBy(() -> net.bind(GATEWAY)).isInstanceOf(IOException.class);
    }

    @Test
    void lossRuleAndUnboundDestinationsAreCounted() throws Exception {
        InMemoryNetwork net = new InMemoryNetwork();
        DatagramEndpoint gateway = net.bind(GATEWAY);
        DatagramEndpoint phone = net.bind(NAT_PHONE);
        net.dropWhen((from, to) -> from.equals(NAT_PHONE));
        phone.send(new byte[3], 0, 3, GATEWAY);
        phone.send(new byte[3], 0, 3, new InetSocketAddress("192.0.2.99", 1));
        assertThat(net.undeliverable()).isEqualTo(2);
        net.dropWhen((from, to) -> false);
        phone.send(new byte[3], 0, 3, GATEWAY);
        assertThat(gateway.receive(new byte[10], 0, 10, new ReceivedDatagram())).isTrue();
    }

    @Test
    void closeWakesABlockedReceiver() throws Exception {
        InMemoryNetwork net = new InMemoryNetwork();
        DatagramEndpoint gateway = net.bind(GATEWAY);
        CompletableFuture<Boolean> received = CompletableFuture.supplyAsync(() -> {
            try {
                return gateway.receive(new byte[10], 0, 10, new ReceivedDatagram());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(50);
        gateway.close();
        assertThat(received.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(net.bind(GATEWAY)).as("address free again").isNotNull();
    }

    @Test
    void tunDoublePlaysTheKernel() throws Exception {
        InMemoryTunDevice tun = new InMemoryTunDevice("certvpn0", 1400, 1);
        tun.inject(new byte[] {0x45, 1, 2});
        byte[] buf = new byte[10];
        assertThat(tun.read(buf, 4, 6)).isEqualTo(3);
        assertThat(buf[4]).isEqualTo((byte) 0x45);
        assertThat(tun.write(new byte[] {9, 0x45, 7}, 1, 2)).isTrue();
        assertThat(tun.write(new byte[] {1}, 0, 1)).as("kernel side full").isFalse();
        assertThat(tun.droppedWrites()).isEqualTo(1);
        assertThat(tun.takeWritten(1, TimeUnit.SECONDS)).containsExactly(0x45, 7);
        assertThat(tun.name()).isEqualTo("certvpn0");
        assertThat(tun.mtu()).isEqualTo(1400);

        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> tun.read(new byte[10], 0, 10));
        Thread.sleep(50);
        tun.close();
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(tun.read(buf, 0, 10)).isEqualTo(-1);
    }
}
