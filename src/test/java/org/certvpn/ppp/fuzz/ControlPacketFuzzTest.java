package org.certvpn.ppp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.SplittableRandom;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.ppp.auth.AuthMethod;
import org.certvpn.ppp.fsm.RestartTimers;
import org.certvpn.ppp.fsm.Trace;
import org.certvpn.ppp.ipcp.IpcpListener;
import org.certvpn.ppp.ipcp.IpcpServer;
import org.certvpn.ppp.lcp.Lcp;
import org.certvpn.ppp.lcp.LcpConfig;
import org.certvpn.ppp.lcp.LcpListener;
import org.certvpn.ppp.wire.ConfigOption;
import org.certvpn.ppp.wire.ControlPacket;

/**
 * LCP/IPCP packet decoding: the RFC 1661 §5 packet, its options, and both protocols' judgement of every
 * option never throw anything but {@link MalformedPacketException}, and what decodes re-encodes.
 */
class ControlPacketFuzzTest {
    private static final LcpListener QUIET = new LcpListener() {
        @Override public void lcpUp(long now) { }
        @Override public void lcpDown(long now) { }
        @Override public void lcpFinished(long now) { }
        @Override public void protocolRejected(int protocol, long now) { }
        @Override public void negotiationFailed(String reason, long now) { }
        @Override public void terminateRequested(String message, long now) { }
        @Override public void echoTimedOut(long now) { }
    };
    private static final IpcpListener IPCP_QUIET = new IpcpListener() {
        @Override public void ipcpUp(long now) { }
        @Override public void ipcpDown(long now) { }
        @Override public void ipcpFinished(long now) { }
    };

    @FuzzTest(maxDuration = "30s")
    void decodeLcpAndIpcp(byte[] input) {
        ControlPacket packet;
        try {
            packet = ControlPacket.decode(input);
        } catch (MalformedPacketException e) {
            return;
        }
        int length = ((input[2] & 0xFF) << 8) | (input[3] & 0xFF);
        assertThat(packet.encode()).hasSize(length);
        List<ConfigOption> options;
        try {
            options = ConfigOption.decodeAll(packet.data());
        } catch (MalformedPacketException e) {
            return;
        }
        assertThat(ConfigOption.encodeAll(options)).isEqualTo(packet.data());
        Lcp lcp = new Lcp(new LcpConfig(1400, List.of(AuthMethod.MSCHAP_V2), List.of(AuthMethod.CHAP_MD5), true,
                true, true, List.of(), 0, 1), RestartTimers.RFC_DEFAULTS, (p, c) -> { }, QUIET,
                new SplittableRandom(1), new Trace("fuzz"));
        IpcpServer ipcp = new IpcpServer(0xCB007180, 0xCB007182, List.of(0xC0000235), List.of(), IPCP_QUIET);
        for (ConfigOption o : options) {
            assertThat(lcp.checkPeerOption(o, false)).isNotNull();
            assertThat(lcp.checkPeerOption(o, true)).isNotNull();
            assertThat(ipcp.checkPeerOption(o, false)).isNotNull();
            AuthMethod.fromOption(o);
        }
        lcp.requestNaked(options, false);
        lcp.requestRejected(options);
        lcp.peerOptionsAcked(options);
        ipcp.requestNaked(options, true);
        ipcp.missingPeerOptions(options, false);
        ipcp.peerOptionsAcked(options);
    }
}
