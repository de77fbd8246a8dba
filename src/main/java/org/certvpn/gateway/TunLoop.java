package org.certvpn.gateway;

import java.io.IOException;
import java.util.Arrays;
import org.certvpn.esp.Esp;
import org.certvpn.esp.EspContext;
import org.certvpn.esp.TransportUdp;
import org.certvpn.l2tp.wire.DataHeader;
import org.certvpn.net.TunDevice;
import org.certvpn.ppp.wire.PppFrameHeader;
import org.certvpn.ppp.wire.PppProtocol;

/**
 * The outbound data path on one platform thread.
 *
 * <p>Flow: read an IP packet from the TUN device into a buffer at {@link #HEADROOM} → destination address
 * → session (O(1) through the pool slot) → PPP header (uncompressed FF 03 00 21, which every peer must
 * accept) and L2TP data header written in place in front of it → inner UDP header 1701 → client port →
 * ESP seal with the peer's newest outbound SA → UDP/4500 or raw protocol 50. Sessions whose data messages
 * carry sequence numbers go through their shard instead, which owns the counter. No allocation per packet.
 */
final class TunLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(TunLoop.class.getName());
    /** PPP (4) + L2TP (12) + UDP (8) + ESP header and IV (24), rounded up. */
    static final int HEADROOM = 64;

    private final GatewayCore core;
    private final TunDevice tun;
    private final byte[] buf = new byte[HEADROOM + 65_535 + Esp.MAX_TAILROOM];
    private final EspContext esp = new EspContext();
    private final GatewayCounters counters;
    private final org.certvpn.metrics.TrafficCounter trafficOut;

    TunLoop(GatewayCore core, TunDevice tun) {
        this.core = core;
        this.tun = tun;
        this.counters = core.counters();
        this.trafficOut = core.trafficOut();
    }

    @Override
    public void run() {
        try {
            int n;
            while ((n = tun.read(buf, HEADROOM, 65_535)) >= 0) {
                try {
                    forward(n);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "TUN loop: packet failed", e);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "TUN loop stopped: " + e.getMessage());
        }
    }

    private void forward(int len) {
        if (len < 20 || (buf[HEADROOM] & 0xF0) != 0x40) {
            counters.drop(DropReason.MALFORMED);
            return;
        }
        SessionContext s = core.router().lookup(Ipv4Addresses.read(buf, HEADROOM + 16));
        if (s == null) {
            counters.drop(DropReason.NO_ROUTE);
            return;
        }
        DataPath dp = s.dataPath();
        if (dp == null) {
            counters.drop(DropReason.NETWORK_NOT_UP);
            return;
        }
        if (dp.sequencing()) {
            byte[] copy = Arrays.copyOf(buf, buf.length);
            ShardProtocols home = s.peer().home();
            home.shard().execute(() -> home.sequencedIpv4(s, copy, HEADROOM, len));
            return;
        }
        TcpMss.clamp(buf, HEADROOM, len, core.maxMss());
        int end = HEADROOM + len;
        int frame = PppFrameHeader.write(buf, HEADROOM, PppProtocol.IPV4, false, false);
        int l2tp = DataHeader.write(buf, frame, end - frame, dp.peerTunnelId(), dp.peerSessionId(), dp.lengthBit(),
                false, 0);
        core.sendL2tp(esp, s.peer(), s.innerPort(), buf, l2tp, end - l2tp);
        s.countOut(len);
        trafficOut.count(len);
    }

    static int minimumHeadroom() {
        return PppFrameHeader.MAX_LENGTH + DataHeader.MAX_WRITTEN_HEADER_LENGTH + TransportUdp.HEADER_LENGTH
                + Esp.MAX_HEADROOM;
    }
}
