package org.certvpn.ppp.ipcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.certvpn.ppp.fsm.FsmState;
import org.certvpn.ppp.fsm.NegotiationAutomaton;
import org.certvpn.ppp.fsm.RestartTimers;
import org.certvpn.ppp.fsm.Scripted;
import org.certvpn.ppp.fsm.Trace;
import org.certvpn.ppp.wire.ConfigOption;
import org.certvpn.ppp.wire.ControlCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * IPCP option negotiation tables (RFC 1332 §3, RFC 1877): the gateway is 203.0.113.128 (cb007180),
 * hands 203.0.113.130 (cb007182) to the peer, and has one DNS server, 192.0.2.53 (c0000235), and one
 * NBNS server, 192.0.2.55 (c0000237).
 */
class IpcpNegotiationTest {
    private static final int GATEWAY = 0xCB007180;
    private static final int ASSIGNED = 0xCB007182;
    private final Scripted peer = new Scripted();
    private final List<String> events = new ArrayList<>();

    private final IpcpListener listener = new IpcpListener() {
        @Override public void ipcpUp(long now) { events.add("up"); }
        @Override public void ipcpDown(long now) { events.add("down"); }
        @Override public void ipcpFinished(long now) { events.add("finished"); }
    };

    private IpcpServer gateway() {
        IpcpServer server = new IpcpServer(GATEWAY, ASSIGNED, List.of(0xC0000235), List.of(0xC0000237), listener);
        peer.attach(new NegotiationAutomaton(server, RestartTimers.RFC_DEFAULTS, peer.sender(), new Trace("ipcp"), 0));
        return server;
    }

    @ParameterizedTest(name = "peer requests {0} -> {1}")
    @CsvSource({
        "030600000000,               Nak 0306cb007182",            // asks 0.0.0.0: gets the assigned address
        "0306cb007182,               Ack 0306cb007182",
        "0306c6336405,               Nak 0306cb007182",            // asks another address
        "'',                         Nak 0306cb007182",            // asks nothing: told anyway (RFC 1332 §3.3)
        "0306cb007182 810600000000,  Nak 8106c0000235",            // primary DNS
        "0306cb007182 8106c0000235,  Ack 0306cb0071828106c0000235",
        "0306cb007182 830600000000,  Reject 830600000000",          // no secondary DNS configured
        "0306cb007182 820600000000,  Nak 8206c0000237",            // primary NBNS (WINS)
        "0306cb007182 840600000000,  Reject 840600000000",
        "0306cb007182 0206002d0f01,  Reject 0206002d0f01",          // Van Jacobson compression
        "010a0000000000000000,       Reject 010a0000000000000000",  // IP-Addresses (deprecated)
        "0305000000,                 Reject 0305000000",            // IP-Address of the wrong length
    })
    void gatewayAnswers(String request, String expected) {
        gateway();
        assertThat(peer.request(request.replace(" ", ""))).isEqualTo(expected);
    }

    @Test
    void gatewayAlwaysSendsItsOwnAddress() {
        gateway();
        assertThat(peer.lastRequest()).isEqualTo("0306cb007180");
    }

    @Test
    void requestLoopConvergesOnTheAssignedAddress() {
        IpcpServer server = gateway();
        assertThat(peer.request("0306000000008106000000008306 00000000".replace(" ", "")))
                .isEqualTo("Reject 830600000000");
        assertThat(peer.request("030600000000810600000000")).isEqualTo("Nak 0306cb0071828106c0000235");
        assertThat(peer.request("0306cb0071828106c0000235")).isEqualTo("Ack 0306cb0071828106c0000235");
        peer.answer(ControlCode.CONFIGURE_ACK, "0306cb007180");
        assertThat(peer.automaton.state()).isEqualTo(FsmState.OPENED);
        assertThat(server.peerAddress()).isEqualTo(ASSIGNED);
        assertThat(events).containsExactly("up");
    }

    @Test
    void peerThatNeverTakesTheAssignedAddressHasItRejectedAfterMaxFailure() {
        gateway();
        for (int i = 0; i < 5; i++) {
            assertThat(peer.request("0306c6336405")).isEqualTo("Nak 0306cb007182");
        }
        assertThat(peer.request("0306c6336405")).isEqualTo("Reject 0306c6336405");
    }

    @Test
    void gatewayKeepsItsAddressWhenNakedAndDropsItAfterMaxFailure() {
        gateway();
        for (int i = 0; i < 5; i++) {
            peer.answer(ControlCode.CONFIGURE_NAK, "0306c6336405");
            assertThat(peer.lastRequest()).isEqualTo("0306cb007180");
        }
        peer.answer(ControlCode.CONFIGURE_NAK, "0306c6336405");
        assertThat(peer.lastRequest()).isEmpty();
    }

    @Test
    void clientAdoptsNakedAddressAndDns() {
        List<String> up = new ArrayList<>();
        IpcpClient client = new IpcpClient(0, true, List.of(), new IpcpListener() {
            @Override public void ipcpUp(long now) { up.add("up"); }
            @Override public void ipcpDown(long now) { }
            @Override public void ipcpFinished(long now) { }
        });
        peer.attach(new NegotiationAutomaton(client, RestartTimers.RFC_DEFAULTS, peer.sender(), new Trace("c"), 0));
        assertThat(peer.lastRequest()).isEqualTo("030600000000" + "810600000000" + "830600000000");
        peer.answer(ControlCode.CONFIGURE_REJECT, "830600000000");
        peer.answer(ControlCode.CONFIGURE_NAK, "0306cb007182" + "8106c0000235");
        assertThat(peer.lastRequest()).isEqualTo("0306cb007182" + "8106c0000235");
        assertThat(peer.request("0306cb007180")).isEqualTo("Ack 0306cb007180");
        assertThat(peer.request("0206002d0f01")).isEqualTo("Reject 0206002d0f01");
        peer.answer(ControlCode.CONFIGURE_ACK, "0306cb007182" + "8106c0000235");
        assertThat(peer.request("0306cb007180")).isEqualTo("Ack 0306cb007180");
        assertThat(up).containsExactly("up");
        assertThat(client.address()).isEqualTo(ASSIGNED);
        assertThat(client.dnsServers()).containsExactly(0xC0000235);
        assertThat(client.serverAddress()).isEqualTo(GATEWAY);
        assertThat(ConfigOption.ofInt(3, ASSIGNED).intValue()).isEqualTo(ASSIGNED);
    }
}
