package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.certvpn.esp.EspStatus;
import org.certvpn.esp.UdpEncapsulation;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.ReceivedDatagram;

/**
 * One receive loop: a platform thread that owns one socket and carries the inbound data path itself
 * ({@link InboundPath}). On UDP/4500 a datagram is IKE (non-ESP marker, handed to the peer's shard), a
 * NAT keepalive (dropped) or ESP.
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
    private final InboundPath inbound;
    /** The address this loop's socket is bound to: the one its IKE datagrams were sent to. */
    private final InetAddress localAddress;

    /** Where IKE datagrams go (the peer's shard); a plain interface so that the loop stays IKE-agnostic. */
    interface IkeInput {
        void receive(InetAddress localAddress, int localPort, InetSocketAddress source, byte[] datagram);
    }

    ReceiveLoop(GatewayCore core, DatagramEndpoint endpoint, Kind kind, IkeInput ike) {
        this.core = core;
        this.endpoint = endpoint;
        this.kind = kind;
        this.ike = ike;
        this.inbound = new InboundPath(core);
        this.localAddress = endpoint.localAddress().getAddress();
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
            case IKE -> ike.receive(localAddress, 500, source, Arrays.copyOf(buf, len));
            case NAT_T -> {
                switch (UdpEncapsulation.classify(buf, 0, len)) {
                    case IKE -> ike.receive(localAddress, 4500, source, Arrays.copyOfRange(buf, UdpEncapsulation.NON_ESP_MARKER_LENGTH, len));
                    case ESP -> esp(source, len);
                    default -> { } // NAT keepalives and runts
                }
            }
            case RAW_ESP -> esp(source, len);
            case CLEARTEXT_L2TP -> {
                PeerContext peer = core.cleartextPeer(source);
                peer.noteInbound(core.now());
                inbound.l2tp(peer, source.getPort(), buf, 0, len);
            }
        }
    }

    private void esp(InetSocketAddress source, int len) {
        EspStatus st = inbound.esp(buf, 0, len, source);
        if (st == EspStatus.OK) {
            return;
        }
        if (st != EspStatus.NO_SA || !core.keyingInProgress(source.getAddress())) {
            core.espDropped(st);
            return;
        }
        // The client sends ESP right after its last Quick Mode message, which its shard may not have
        // handled yet: retry there, after it (same queue, same order), instead of losing the packet.
        byte[] copy = Arrays.copyOf(buf, len);
        InetSocketAddress from = new InetSocketAddress(source.getAddress(), source.getPort());
        ShardProtocols home = core.shardFor(from.getAddress());
        home.shard().execute(() -> home.espRetry(copy, from));
    }
}
