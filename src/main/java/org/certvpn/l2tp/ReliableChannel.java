package org.certvpn.l2tp;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.certvpn.l2tp.wire.ControlCodec;
import org.certvpn.l2tp.wire.ControlMessage;
import org.certvpn.l2tp.wire.MessageType;

/**
 * The reliable delivery of control messages of one tunnel (RFC 2661 §5.8), apart from what the
 * messages mean. Sans-IO: the owner passes the current time and a sink for datagrams.
 *
 * <p>Flow: {@link #receive} takes every decoded control message of the tunnel; it applies the
 * peer's Nr (acknowledging what we sent), then either hands the message on (it is the next Ns,
 * and any buffered successors follow in order), buffers it (ahead of the next Ns but inside our
 * receive window), acknowledges it again (a duplicate) or drops it (beyond the window). The owner
 * reacts to delivered messages by {@link #send queueing} answers and then calls {@link #flush},
 * which transmits queued messages as far as the peer's window allows, each carrying our current
 * Nr; when none could carry the acknowledgement a 12-octet ZLB does. {@link #onTimer} retransmits
 * what is due (timing in {@link L2tpSettings}) and queues a HELLO when the peer has been idle.
 *
 * <p>Sequence numbers are 16 bits and compared modulo 2^16 (§5.8: a number within the 32767 below
 * the next expected one is old).
 */
final class ReliableChannel {
    private static final System.Logger LOG = System.getLogger("org.certvpn.l2tp");

    /** Where datagrams go: the owner forwards them to the peer. */
    interface Sink {
        void send(byte[] datagram);
    }

    /** A queued or outstanding control message. */
    static final class Outbound {
        final MessageType type;
        final byte[] encoded;
        final LongConsumer onAcknowledged;
        int ns;
        int transmissions;
        long firstSentAt;
        long nextAt;

        Outbound(MessageType type, byte[] encoded, LongConsumer onAcknowledged) {
            this.type = type;
            this.encoded = encoded;
            this.onAcknowledged = onAcknowledged;
        }
    }

    /**
     * Messages waiting for the peer's window before the channel gives up. A peer that keeps sending
     * requests while acknowledging none of our answers would otherwise grow this queue without end;
     * a working peer never comes near it (one tunnel's setup, its sessions' answers and a StopCCN).
     */
    static final int MAX_UNSENT = 128;

    private final L2tpSettings settings;
    private final byte[] secret;
    private final String label;
    private final Sink sink;
    private final long helloMillis;

    private int peerTunnelId;
    private int peerWindow = L2tpSettings.XL2TPD_RECEIVE_WINDOW;
    private int nextNs;
    private int expectedNs;
    private final ArrayDeque<Outbound> unsent = new ArrayDeque<>();
    private final ArrayDeque<Outbound> inFlight = new ArrayDeque<>();
    private final Map<Integer, ControlMessage> ahead = new HashMap<>();
    private boolean ackDue;
    private long lastHeardAt;
    private boolean helloEnabled;
    private String failure;

    private long duplicates;
    private long outOfWindow;
    private long heldBack;
    private long retransmissions;
    private long zlbsSent;

    /**
     * @param label trace prefix naming the tunnel
     * @param now   creation time; the idle clock for HELLO starts here
     */
    ReliableChannel(L2tpSettings settings, String label, Sink sink, long now) {
        this.settings = settings;
        this.secret = settings.secretBytes();
        this.label = label;
        this.sink = sink;
        this.helloMillis = settings.helloInterval().toMillis();
        this.lastHeardAt = now;
    }

    /** The tunnel ID our messages are addressed to (0 until the peer assigned one). */
    void setPeerTunnelId(int id) {
        this.peerTunnelId = id;
    }

    int peerTunnelId() {
        return peerTunnelId;
    }

    /** The peer's Receive Window Size AVP; 4 when it sent none (§4.4.3). */
    void setPeerWindow(int window) {
        this.peerWindow = Math.max(1, window);
    }

    int peerWindow() {
        return peerWindow;
    }

    /** Starts sending HELLO after {@code helloInterval} of silence (once the tunnel is up). */
    void enableHello(long now) {
        helloEnabled = helloMillis > 0;
        lastHeardAt = Math.max(lastHeardAt, now);
    }

    /** Data from the peer counts as a sign of life for the HELLO idle clock. */
    void noteHeard(long now) {
        if (now > lastHeardAt) {
            lastHeardAt = now;
        }
    }

    /**
     * Takes one decoded control message of this tunnel and returns the messages that are now
     * deliverable, in Ns order.
     */
    List<ControlMessage> receive(ControlMessage m, long now) {
        if (failure != null) {
            return List.of();
        }
        noteHeard(now);
        List<LongConsumer> acknowledged = applyNr(m.nr());
        List<ControlMessage> deliver = List.of();
        if (!m.isZlb()) {
            int distance = (m.ns() - expectedNs) & 0xFFFF;
            if (distance == 0) {
                if (settings.processOnlyWhenAcknowledged() && !inFlight.isEmpty()) {
                    // mtpd neither handles nor acknowledges it; the peer will send it again.
                    heldBack++;
                    trace(Level.DEBUG, "hold " + m.type() + " Ns=" + m.ns() + ": our last message is unacknowledged");
                } else {
                    deliver = new ArrayList<>();
                    deliver.add(m);
                    expectedNs = (expectedNs + 1) & 0xFFFF;
                    for (ControlMessage next = ahead.remove(expectedNs); next != null; next = ahead.remove(expectedNs)) {
                        deliver.add(next);
                        expectedNs = (expectedNs + 1) & 0xFFFF;
                    }
                    ackDue = true;
                }
            } else if (distance < 0x8000) {
                if (distance < settings.receiveWindow() && !settings.processOnlyWhenAcknowledged()) {
                    ahead.putIfAbsent(m.ns(), m);
                    trace(Level.DEBUG, "buffer " + m.type() + " Ns=" + m.ns() + " ahead of " + expectedNs);
                    ackDue = true;
                } else {
                    outOfWindow++;
                    trace(Level.DEBUG, "drop " + m.type() + " Ns=" + m.ns() + ": outside our window at " + expectedNs);
                }
            } else {
                duplicates++;
                trace(Level.DEBUG, "duplicate " + m.type() + " Ns=" + m.ns() + ", acknowledge again");
                ackDue = true;
            }
        }
        for (LongConsumer r : acknowledged) {
            r.accept(now);
        }
        return deliver;
    }

    private List<LongConsumer> applyNr(int nr) {
        if (inFlight.isEmpty()) {
            return List.of();
        }
        int acked = (nr - inFlight.peekFirst().ns) & 0xFFFF;
        if (acked == 0 || acked >= 0x8000) {
            return List.of();
        }
        if (acked > inFlight.size()) {
            trace(Level.DEBUG, "ignore Nr=" + nr + ": acknowledges messages never sent");
            return List.of();
        }
        List<LongConsumer> callbacks = new ArrayList<>(acked);
        for (int i = 0; i < acked; i++) {
            Outbound o = inFlight.pollFirst();
            if (o.onAcknowledged != null) {
                callbacks.add(o.onAcknowledged);
            }
        }
        return callbacks;
    }

    /**
     * Queues a message; its header must already name the peer's tunnel and session. Ns and Nr are
     * set at transmission.
     *
     * @param onAcknowledged called with the time the peer acknowledged it, or null
     */
    void send(ControlMessage m, LongConsumer onAcknowledged) {
        if (failure != null) {
            return;
        }
        if (unsent.size() >= MAX_UNSENT) {
            failure = unsent.size() + " messages wait for the peer's acknowledgements, which do not come";
            trace(Level.INFO, "give up: " + failure);
            return;
        }
        unsent.add(new Outbound(m.type(), ControlCodec.encode(m, secret), onAcknowledged));
    }

    /** Transmits what the peer's window allows and acknowledges what was received. */
    void flush(long now) {
        if (failure != null) {
            return;
        }
        boolean sent = false;
        while (!unsent.isEmpty() && inFlight.size() < peerWindow) {
            Outbound o = unsent.pollFirst();
            o.ns = nextNs;
            nextNs = (nextNs + 1) & 0xFFFF;
            o.transmissions = 1;
            o.firstSentAt = now;
            o.nextAt = now + settings.retransmitIntervalMillis(1);
            inFlight.addLast(o);
            transmit(o, "send");
            sent = true;
        }
        if (ackDue && !sent) {
            byte[] zlb = ControlCodec.encode(ControlMessage.zlb(peerTunnelId, nextNs, expectedNs), null);
            zlbsSent++;
            trace(Level.DEBUG, "send ZLB Ns=" + nextNs + " Nr=" + expectedNs);
            sink.send(zlb);
        }
        ackDue = false;
    }

    private void transmit(Outbound o, String verb) {
        byte[] copy = o.encoded.clone();
        ControlCodec.patchSequence(copy, o.ns, expectedNs);
        trace(Level.DEBUG, verb + " " + o.type + " Ns=" + o.ns + " Nr=" + expectedNs
                + (o.transmissions > 1 ? " (transmission " + o.transmissions + " of " + settings.maxRetries() + ")" : ""));
        sink.send(copy);
    }

    /** Retransmits what is due, gives up when the budget is spent, queues a HELLO when idle. */
    void onTimer(long now) {
        if (failure != null) {
            return;
        }
        for (Outbound o : inFlight) {
            if (o.nextAt > now) {
                continue;
            }
            if (o.transmissions >= settings.maxRetries()) {
                failure = o.type + " Ns=" + o.ns + " not acknowledged after " + o.transmissions + " transmissions in "
                        + (now - o.firstSentAt) / 1000.0 + " s";
                trace(Level.INFO, "give up: " + failure);
                return;
            }
            o.transmissions++;
            o.nextAt = now + settings.retransmitIntervalMillis(o.transmissions);
            retransmissions++;
            transmit(o, "retransmit");
        }
        if (helloDue(now)) {
            trace(Level.DEBUG, "peer idle for " + (now - lastHeardAt) / 1000.0 + " s, send HELLO");
            send(ControlMessage.of(MessageType.HELLO, peerTunnelId, 0), null);
            flush(now);
        }
    }

    /**
     * Makes sure a message of ours is waiting for the peer's acknowledgement now, without waiting for
     * the HELLO interval: when one is in flight or queued already it is the probe; otherwise a HELLO is
     * queued and sent. Either way an unacknowledged probe ends in {@link #failure} after the usual
     * retransmission budget.
     *
     * @return true when a HELLO was sent, false when a message already outstanding serves (or the
     *     channel has given up)
     */
    boolean probe(long now) {
        if (failure != null || !inFlight.isEmpty() || !unsent.isEmpty()) {
            return false;
        }
        trace(Level.DEBUG, "probe the peer, send HELLO");
        send(ControlMessage.of(MessageType.HELLO, peerTunnelId, 0), null);
        flush(now);
        return true;
    }

    boolean helloDue(long now) {
        return helloEnabled && inFlight.isEmpty() && unsent.isEmpty() && now - lastHeardAt >= helloMillis;
    }

    /** When {@link #onTimer} needs to run next; {@code Long.MAX_VALUE} when nothing is pending. */
    long nextDeadline() {
        if (failure != null) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (Outbound o : inFlight) {
            next = Math.min(next, o.nextAt);
        }
        if (helloEnabled && inFlight.isEmpty() && unsent.isEmpty()) {
            next = Math.min(next, lastHeardAt + helloMillis);
        }
        return next;
    }

    /** Why the channel gave up, or null while it works. */
    String failure() {
        return failure;
    }

    /** Nothing queued and nothing waiting for an acknowledgement. */
    boolean idle() {
        return unsent.isEmpty() && inFlight.isEmpty();
    }

    /** Forgets messages not yet transmitted (the tunnel closed; acknowledgements still go out). */
    void discardUnsent() {
        unsent.clear();
    }

    /** Stops sending HELLO (the tunnel is closing). */
    void stopHello() {
        helloEnabled = false;
    }

    int nextNs() {
        return nextNs;
    }

    int expectedNs() {
        return expectedNs;
    }

    int inFlightCount() {
        return inFlight.size();
    }

    long duplicates() {
        return duplicates;
    }

    long outOfWindow() {
        return outOfWindow;
    }

    long heldBack() {
        return heldBack;
    }

    long retransmissions() {
        return retransmissions;
    }

    long zlbsSent() {
        return zlbsSent;
    }

    private void trace(Level level, String line) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, label + " " + line);
        }
    }
}
