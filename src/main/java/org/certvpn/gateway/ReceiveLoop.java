package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.certvpn.esp.EspContext;
import org.certvpn.esp.EspStatus;
import org.certvpn.esp.TransportUdp;
import org.certvpn.esp.UdpEncapsulation;
import org.certvpn.l2tp.wire.DataHeader;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.ReceivedDatagram;
import org.certvpn.ppp.wire.PppFrameHeader;
import org.certvpn.ppp.wire.PppProtocol;

/**
 * One receive loop: a platform thread that owns one socket and carries the inbound data path itself.
 *
 * <p>Flow: datagram → (UDP/4500: non-ESP marker? IKE : keepalive? drop : ESP) → ESP open (SA by SPI,
 * sender must be the SA's peer, ICV before decrypt, replay window) → inner UDP must be to port 1701 →
 * L2TP: control, data with sequence numbers and data for a session the fast path does not know yet are
 * copied to the peer's shard; plain data is looked up by (inner port, tunnel, session) on the peer → PPP: an IPv4 packet of an open network phase from the
 * session's own address goes straight to the TUN device; anything else (LCP, CHAP, IPCP) is copied to
 * the shard. Nothing is allocated on the IPv4 path; bad packets are counted and dropped.
 */
final class ReceiveLoop implements Runnable {
    enum Kind { NAT_T, IKE, RAW_ESP, CLEARTEXT_L2TP }

    private static final System.Logger LOG = System.getLogger(ReceiveLoop.class.getName());
    private static final int MAX_DATAGRAM = 65_535;

    private final GatewayCore core;
    private final DatagramEndpoint endpoint;
    private final Kind kind;
    private final IkeInput ike;
    private final byte[] buf = new byte[MAX_DATAGRAM + 64];
    private final ReceivedDatagram received = new ReceivedDatagram();
    private final EspContext esp = new EspContext();
    private final DataHeader l2tp = new DataHeader();
    private final PppFrameHeader ppp = new PppFrameHeader();
    private final GatewayCounters counters;

    /** Where IKE datagrams go (the peer's shard); a plain interface so that the loop stays IKE-agnostic. */
    interface IkeInput {
        void receive(int localPort, InetSocketAddress source, byte[] datagram);
    }

    ReceiveLoop(GatewayCore core, DatagramEndpoint endpoint, Kind kind, IkeInput ike) {
        this.core = core;
        this.endpoint = endpoint;
        this.kind = kind;
        this.ike = ike;
        this.counters = core.counters();
    }

    EspContext esp() {
        return esp;
    }

    @Override
    public void run() {
        try {
            while (endpoint.receive(buf, 0, MAX_DATAGRAM, received)) {
                try {
                    handle(received.source(), received.length());
                } catch (RuntimeException e) {
                    // A bug on one packet must not stop the loop that serves every other client.
                    LOG.log(System.Logger.Level.ERROR, kind + " loop: packet from " + received.source() + " failed", e);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, kind + " loop stopped: " + e.getMessage());
        }
    }

    private void handle(InetSocketAddress source, int len) {
        switch (kind) {
            case IKE -> ike.receive(500, source, Arrays.copyOf(buf, len));
            case NAT_T -> {
                switch (UdpEncapsulation.classify(buf, 0, len)) {
                    case IKE -> ike.receive(4500, source, Arrays.copyOfRange(buf, UdpEncapsulation.NON_ESP_MARKER_LENGTH, len));
                    case ESP -> esp(source, len);
                    default -> { } // NAT keepalives and runts
                }
            }
            case RAW_ESP -> esp(source, len);
            case CLEARTEXT_L2TP -> {
                PeerContext peer = core.cleartextPeer(source);
                peer.noteInbound(core.now());
                l2tp(peer, source.getPort(), 0, len);
            }
        }
    }

    private void esp(InetSocketAddress source, int len) {
        if (esp.open(core.saTable(), buf, 0, len, source) != EspStatus.OK) {
            return; // counted by the ESP context
        }
        PeerContext peer = core.peerBySa(esp.openedSa());
        if (peer == null) {
            counters.drop(DropReason.NO_PEER);
            return;
        }
        int p = esp.payloadOffset();
        int n = esp.payloadLength();
        if (esp.nextHeader() != org.certvpn.esp.Esp.NEXT_HEADER_UDP || !TransportUdp.isWellFormed(buf, p, n)
                || TransportUdp.destinationPort(buf, p) != ShardProtocols.L2TP_PORT) {
            counters.drop(DropReason.NOT_L2TP);
            return;
        }
        peer.noteInbound(core.now());
        l2tp(peer, TransportUdp.sourcePort(buf, p), p + TransportUdp.HEADER_LENGTH, n - TransportUdp.HEADER_LENGTH);
    }

    private void l2tp(PeerContext peer, int innerPort, int off, int len) {
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
        ipv4(s, f + ppp.headerLength(), fl - ppp.headerLength());
    }

    private void ipv4(SessionContext s, int ip, int len) {
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
