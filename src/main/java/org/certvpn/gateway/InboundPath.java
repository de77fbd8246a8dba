package org.certvpn.gateway;

import java.net.InetSocketAddress;
import java.util.Arrays;
import org.certvpn.esp.Esp;
import org.certvpn.esp.EspContext;
import org.certvpn.esp.EspStatus;
import org.certvpn.esp.TransportUdp;
import org.certvpn.l2tp.wire.DataHeader;
import org.certvpn.ppp.wire.PppFrameHeader;
import org.certvpn.ppp.wire.PppProtocol;

/**
 * The inbound data path after the socket, for one thread: ESP open → inner UDP/1701 → L2TP → PPP → TUN.
 *
 * <p>ESP: SA by SPI, the sender must be the SA's peer, ICV checked before decrypting, replay window. The
 * inner datagram must be UDP to port 1701. L2TP control, data with sequence numbers, and data for a
 * session the fast path does not know yet are copied to the peer's shard; plain data is looked up by
 * (inner port, tunnel, session) on the peer. PPP: an IPv4 packet of an open network phase from the
 * session's own address goes straight to the TUN device; anything else (LCP, CHAP, IPCP) is copied to
 * the shard. Nothing is allocated on the IPv4 path; bad packets are counted and dropped.
 */
final class InboundPath {
    private final GatewayCore core;
    private final EspContext esp = new EspContext();
    private final DataHeader l2tp = new DataHeader();
    private final PppFrameHeader ppp = new PppFrameHeader();
    private final GatewayCounters counters;

    InboundPath(GatewayCore core) {
        this.core = core;
        this.counters = core.counters();
    }

    /**
     * Opens one ESP packet {@code buf[off, off+len)} from {@code source} and carries its L2TP onward.
     *
     * @return the ESP outcome; {@link EspStatus#NO_SA} lets the caller retry where IKE may just be
     *     installing the SA
     */
    EspStatus esp(byte[] buf, int off, int len, InetSocketAddress source) {
        EspStatus st = esp.open(core.saTable(), buf, off, len, source);
        if (st != EspStatus.OK) {
            return st; // the caller counts it (or retries NO_SA first)
        }
        long now = core.now();
        esp.openedSa().noteReceivedAt(now); // for DPD: this SA's peer is alive
        PeerContext peer = core.peerBySa(esp.openedSa());
        if (peer == null) {
            counters.drop(DropReason.NO_PEER);
            return st;
        }
        int p = esp.payloadOffset();
        int n = esp.payloadLength();
        if (esp.nextHeader() != Esp.NEXT_HEADER_UDP || !TransportUdp.isWellFormed(buf, p, n)
                || TransportUdp.destinationPort(buf, p) != ShardProtocols.L2TP_PORT) {
            counters.drop(DropReason.NOT_L2TP);
            return st;
        }
        peer.noteInbound(now);
        l2tp(peer, TransportUdp.sourcePort(buf, p), buf, p + TransportUdp.HEADER_LENGTH, n - TransportUdp.HEADER_LENGTH);
        return st;
    }

    /** One L2TP message of a peer, from inside its ESP or, in the test mode, from plain UDP/1701. */
    void l2tp(PeerContext peer, int innerPort, byte[] buf, int off, int len) {
        if (len < 1) {
            counters.drop(DropReason.MALFORMED);
            return;
        }
        ShardProtocols home = peer.home();
        if ((buf[off] & 0x80) != 0 || !l2tp.parse(buf, off, len) || l2tp.hasSequence()) {
            // Control messages, and data the engine must sequence or judge, go to the peer's shard.
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            home.shard().execute(() -> home.l2tpReceived(peer, innerPort, copy));
            return;
        }
        SessionContext s = peer.findSession(innerPort, l2tp.tunnelId(), l2tp.sessionId());
        if (s == null) {
            // The client may start PPP as soon as it sends ICCN, so its first LCP frame can overtake the
            // ICCN still queued on the shard: the shard's engine sorts it out, in order, or drops it.
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            home.shard().execute(() -> home.l2tpReceived(peer, innerPort, copy));
            return;
        }
        int f = l2tp.payloadOffset();
        int fl = l2tp.payloadLength();
        if (!ppp.parse(buf, f, fl)) {
            counters.drop(DropReason.MALFORMED);
            return;
        }
        if (ppp.protocol() != PppProtocol.IPV4) {
            byte[] frame = Arrays.copyOfRange(buf, f, f + fl);
            home.shard().execute(() -> home.pppReceived(s, frame));
            return;
        }
        ipv4(s, buf, f + ppp.headerLength(), fl - ppp.headerLength());
    }

    private void ipv4(SessionContext s, byte[] buf, int ip, int len) {
        DataPath dp = s.dataPath();
        if (dp == null) {
            counters.drop(DropReason.NETWORK_NOT_UP);
            return;
        }
        if (len < 20 || (buf[ip] & 0xF0) != 0x40) {
            counters.drop(DropReason.MALFORMED);
            return;
        }
        if (Ipv4Addresses.read(buf, ip + 12) != dp.clientAddress()) {
            counters.drop(DropReason.SPOOFED_SOURCE);
            return;
        }
        core.writeTunChecked(s, buf, ip, len, core.now());
    }
}
