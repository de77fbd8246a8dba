package org.certvpn.hardening;

import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.gateway.TestIpsecClient;
import org.certvpn.l2tp.wire.Avp;
import org.certvpn.l2tp.wire.AvpType;
import org.certvpn.l2tp.wire.ControlCodec;
import org.certvpn.l2tp.wire.ControlMessage;
import org.certvpn.l2tp.wire.MessageType;

/**
 * An authenticated client floods L2TP control messages inside its own ESP SA. Round after round, from a
 * fresh inner UDP port (a new peer key for the gateway), it opens a tunnel and sends ICRQs in sequence
 * without ever acknowledging the answers: the gateway must refuse sessions beyond its per-tunnel limit and
 * give the tunnel up rather than queue answers without end. In between go SCCRQs with random tunnel IDs
 * (beyond the per-peer tunnel limit), HELLOs with random sequence numbers and malformed messages.
 */
final class L2tpFlood {
    private final int packets;
    private final int rate;
    private final TestIpsecClient mallory;
    private final BlockingQueue<ControlMessage> fromGateway = new LinkedBlockingQueue<>();

    L2tpFlood(int packets, int rate, TestIpsecClient mallory) {
        this.packets = packets;
        this.rate = rate;
        this.mallory = mallory;
    }

    long run() throws InterruptedException {
        mallory.recorder = (kind, bytes) -> {
            if (kind.equals("l2tp<") && ControlCodec.isControl(bytes, 0, bytes.length)) {
                try {
                    fromGateway.add(ControlCodec.decode(bytes, 0, bytes.length, null));
                } catch (MalformedPacketException e) {
                    // not ours to judge here
                }
            }
        };
        SplittableRandom random = new SplittableRandom(1701);
        FloodRun.Pace pace = new FloodRun.Pace(rate);
        long sent = 0;
        int round = 0;
        try {
            while (sent < packets) {
                int innerPort = 20_000 + (round % 20_000);
                int peerTunnel = 0x4000 + (round % 0x3000);
                round++;
                fromGateway.clear();
                send(ControlMessage.of(MessageType.SCCRQ, 0, 0, Avp.u16(AvpType.PROTOCOL_VERSION, 0x0100),
                        Avp.string(AvpType.HOST_NAME, "flood"), Avp.u32(AvpType.FRAMING_CAPABILITIES, 3),
                        Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, peerTunnel), Avp.u16(AvpType.RECEIVE_WINDOW_SIZE, 1))
                        .withSequence(0, 0), innerPort);
                sent++;
                int ourTunnel = awaitSccrp(peerTunnel);
                if (ourTunnel == 0) {
                    continue; // refused or lost: the next round tries another peer key
                }
                send(ControlMessage.of(MessageType.SCCCN, ourTunnel, 0).withSequence(1, 1), innerPort);
                sent++;
                // ICRQs in sequence, never acknowledging what the gateway answers (Nr stays 1).
                for (int ns = 2; ns < 400 && sent < packets; ns++) {
                    send(ControlMessage.of(MessageType.ICRQ, ourTunnel, 0,
                            Avp.u16(AvpType.ASSIGNED_SESSION_ID, ns), Avp.u32(AvpType.CALL_SERIAL_NUMBER, ns))
                            .withSequence(ns & 0xFFFF, 1), innerPort);
                    sent++;
                    pace.await(sent);
                    if ((ns & 7) == 0) {
                        sent += noise(random, ourTunnel);
                        pace.await(sent);
                    }
                }
            }
            return sent;
        } finally {
            mallory.recorder = (kind, bytes) -> { };
        }
    }

    /** An SCCRQ with a random tunnel ID, a HELLO out of sequence and a malformed message. */
    private int noise(SplittableRandom random, int tunnel) {
        send(ControlMessage.of(MessageType.SCCRQ, 0, 0, Avp.u16(AvpType.PROTOCOL_VERSION, 0x0100),
                Avp.string(AvpType.HOST_NAME, "flood"), Avp.u32(AvpType.FRAMING_CAPABILITIES, 3),
                Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, 1 + random.nextInt(0xFFFE))).withSequence(0, 0), 1701);
        send(ControlMessage.of(MessageType.HELLO, tunnel, 0).withSequence(random.nextInt(0x10000),
                random.nextInt(0x10000)), 1701);
        byte[] junk = new byte[12 + random.nextInt(200)];
        random.nextBytes(junk);
        junk[0] = (byte) 0xC8;
        junk[1] = 0x02;
        junk[2] = (byte) (junk.length >>> 8);
        junk[3] = (byte) junk.length;
        mallory.sendL2tpRaw(junk, 1701);
        return 3;
    }

    private int awaitSccrp(int peerTunnel) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            ControlMessage m = fromGateway.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.type().equals(MessageType.SCCRP) && m.tunnelId() == peerTunnel) {
                return m.find(AvpType.ASSIGNED_TUNNEL_ID).map(Avp::u16).orElse(0);
            }
        }
        return 0;
    }

    private void send(ControlMessage m, int innerPort) {
        mallory.sendL2tpRaw(ControlCodec.encode(m, null), innerPort);
    }
}
