package org.certvpn.esp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.net.ReceivedDatagram;
import org.junit.jupiter.api.Test;

/**
 * ESP-in-UDP (RFC 3948) end to end over the in-memory network: two L2TP/IPsec clients behind one NAT
 * (same public address, different ports) talk to the gateway's port 4500, which also carries IKE and
 * NAT keepalives. The gateway side is a minimal receive loop of the shape the real one will have.
 */
class EspOverInMemoryNetworkTest {
    private static final InetSocketAddress GATEWAY = new InetSocketAddress("192.0.2.1", 4500);
    private static final InetSocketAddress PHONE = new InetSocketAddress("198.51.100.20", 4500);
    private static final InetSocketAddress LAPTOP = new InetSocketAddress("198.51.100.20", 61001);
    private static final int HEADROOM = 64;
    private static final int L2TP_PORT = 1701;

    private final EspContext gatewayEsp = new EspContext();
    private final InboundSaTable table = new InboundSaTable();
    private final List<String> ikeMessages = new ArrayList<>();
    private final List<String> l2tpPayloads = new ArrayList<>();
    private int keepalives;
    private int dropped;

    /** One pass of the gateway's UDP/4500 loop; answers each L2TP payload with "ack:" + payload. */
    private void gatewayReceives(DatagramEndpoint socket, EspSaPair... sas) throws Exception {
        byte[] buf = new byte[2048];
        ReceivedDatagram d = new ReceivedDatagram();
        assertThat(socket.receive(buf, HEADROOM, buf.length - HEADROOM, d)).isTrue();
        switch (UdpEncapsulation.classify(buf, HEADROOM, d.length())) {
            case IKE -> ikeMessages.add(new String(buf, HEADROOM + 4, d.length() - 4, StandardCharsets.US_ASCII));
            case NAT_KEEPALIVE -> keepalives++;
            case MALFORMED -> dropped++;
            case ESP -> {
                if (gatewayEsp.open(table, buf, HEADROOM, d.length(), d.source()) != EspStatus.OK) {
                    dropped++;
                    return;
                }
                int udp = gatewayEsp.payloadOffset();
                assertThat(gatewayEsp.nextHeader()).isEqualTo(Esp.NEXT_HEADER_UDP);
                assertThat(TransportUdp.isWellFormed(buf, udp, gatewayEsp.payloadLength())).isTrue();
                assertThat(TransportUdp.destinationPort(buf, udp)).isEqualTo(L2TP_PORT);
                String l2tp = new String(buf, udp + 8, gatewayEsp.payloadLength() - 8, StandardCharsets.US_ASCII);
                l2tpPayloads.add(d.source().getPort() + ":" + l2tp);

                EspSaPair pair = pairOf(gatewayEsp.openedSa(), sas);
                byte[] reply = ("ack:" + l2tp).getBytes(StandardCharsets.US_ASCII);
                byte[] out = new byte[2048];
                int clientPort = TransportUdp.sourcePort(buf, udp);
                System.arraycopy(reply, 0, out, HEADROOM + 8, reply.length);
                TransportUdp.writeHeader(out, HEADROOM, L2TP_PORT, clientPort, reply.length);
                assertThat(gatewayEsp.seal(pair.outbound(), out, HEADROOM, 8 + reply.length, Esp.NEXT_HEADER_UDP))
                        .isEqualTo(EspStatus.OK);
                socket.send(out, gatewayEsp.packetOffset(), gatewayEsp.packetLength(), pair.outbound().peer());
            }
        }
    }

    private static EspSaPair pairOf(InboundSa inbound, EspSaPair... sas) {
        for (EspSaPair p : sas) {
            if (p.inbound() == inbound) {
                return p;
            }
        }
        throw new AssertionError("no pair for " + inbound);
    }

    /** A client seals an L2TP payload in transport mode and sends it as ESP-in-UDP. */
    private static void clientSends(DatagramEndpoint socket, EspContext esp, EspSaPair client, String l2tp)
            throws Exception {
        byte[] data = l2tp.getBytes(StandardCharsets.US_ASCII);
        byte[] buf = new byte[2048];
        System.arraycopy(data, 0, buf, HEADROOM + 8, data.length);
        TransportUdp.writeHeader(buf, HEADROOM, L2TP_PORT, L2TP_PORT, data.length);
        assertThat(esp.seal(client.outbound(), buf, HEADROOM, 8 + data.length, Esp.NEXT_HEADER_UDP))
                .isEqualTo(EspStatus.OK);
        socket.send(buf, esp.packetOffset(), esp.packetLength(), GATEWAY);
    }

    private static String clientReceives(DatagramEndpoint socket, EspContext esp, EspSaPair client)
            throws Exception {
        byte[] buf = new byte[2048];
        ReceivedDatagram d = new ReceivedDatagram();
        assertThat(socket.receive(buf, 0, buf.length, d)).isTrue();
        assertThat(d.source()).isEqualTo(GATEWAY);
        assertThat(UdpEncapsulation.classify(buf, 0, d.length())).isEqualTo(UdpEncapsulation.Kind.ESP);
        assertThat(esp.open(client.inbound(), buf, 0, d.length())).isEqualTo(EspStatus.OK);
        return new String(buf, esp.payloadOffset() + 8, esp.payloadLength() - 8, StandardCharsets.US_ASCII);
    }

    @Test
    void twoClientsBehindOneNatShareTheGatewaysPort4500WithIkeAndKeepalives() throws Exception {
        InMemoryNetwork net = new InMemoryNetwork();
        DatagramEndpoint gateway = net.bind(GATEWAY);
        DatagramEndpoint phone = net.bind(PHONE);
        DatagramEndpoint laptop = net.bind(LAPTOP);
        // Both devices could even hold the same certificate: their SAs differ by SPI and outer port.
        TestSas phoneSas = new TestSas(EspCipher.AES_CBC_256, EspIntegrity.HMAC_SHA2_256_128, 1, PHONE, GATEWAY);
        TestSas laptopSas = new TestSas(EspCipher.TRIPLE_DES_CBC, EspIntegrity.HMAC_SHA1_96, 2, LAPTOP, GATEWAY);
        assertThat(table.install(phoneSas.gateway.inbound())).isTrue();
        assertThat(table.install(laptopSas.gateway.inbound())).isTrue();
        EspContext phoneEsp = new EspContext();
        EspContext laptopEsp = new EspContext();

        byte[] ike = "\0\0\0\0QM1".getBytes(StandardCharsets.US_ASCII);
        phone.send(ike, 0, ike.length, GATEWAY);
        laptop.send(new byte[] {(byte) 0xFF}, 0, 1, GATEWAY);
        clientSends(phone, phoneEsp, phoneSas.client, "SCCRQ from phone");
        clientSends(laptop, laptopEsp, laptopSas.client, "SCCRQ from laptop");
        for (int i = 0; i < 4; i++) {
            gatewayReceives(gateway, phoneSas.gateway, laptopSas.gateway);
        }
        assertThat(ikeMessages).containsExactly("QM1");
        assertThat(keepalives).isEqualTo(1);
        assertThat(l2tpPayloads).containsExactly("4500:SCCRQ from phone", "61001:SCCRQ from laptop");
        assertThat(clientReceives(phone, phoneEsp, phoneSas.client)).isEqualTo("ack:SCCRQ from phone");
        assertThat(clientReceives(laptop, laptopEsp, laptopSas.client)).isEqualTo("ack:SCCRQ from laptop");

        // The phone's packet replayed from the laptop's port is refused; the replay from its own port too.
        byte[] buf = new byte[2048];
        System.arraycopy("x".getBytes(), 0, buf, HEADROOM + 8, 1);
        TransportUdp.writeHeader(buf, HEADROOM, L2TP_PORT, L2TP_PORT, 1);
        phoneEsp.seal(phoneSas.client.outbound(), buf, HEADROOM, 9, Esp.NEXT_HEADER_UDP);
        laptop.send(buf, phoneEsp.packetOffset(), phoneEsp.packetLength(), GATEWAY);
        phone.send(buf, phoneEsp.packetOffset(), phoneEsp.packetLength(), GATEWAY);
        phone.send(buf, phoneEsp.packetOffset(), phoneEsp.packetLength(), GATEWAY);
        for (int i = 0; i < 3; i++) {
            gatewayReceives(gateway, phoneSas.gateway, laptopSas.gateway);
        }
        assertThat(gatewayEsp.count(EspStatus.PEER_MISMATCH)).isEqualTo(1);
        assertThat(gatewayEsp.count(EspStatus.REPLAY)).isEqualTo(1);
        assertThat(l2tpPayloads).hasSize(3);
        assertThat(dropped).isEqualTo(2);
    }
}
