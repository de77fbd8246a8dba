package org.certvpn.l2tp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.l2tp.wire.ControlCodec;
import org.certvpn.l2tp.wire.ControlMessage;

/**
 * One LNS and any number of LACs wired through an in-memory network with a fake clock. Each LAC
 * sits behind a peer key (what the LNS sees, e.g. an ESP SA); several LACs may share one key.
 * Datagrams take {@code latency} ms; a filter can drop them (loss, blackouts). Every control
 * message the LNS sends is checked against Android mtpd's strict parser.
 */
final class InMemoryNetwork {
    /** Everything the engines reported, one readable line each. */
    static final class Recorder implements L2tpListener {
        final String name;
        final InMemoryNetwork net;
        final List<String> events = new ArrayList<>();
        final List<L2tpSession> up = new ArrayList<>();
        final List<TunnelInfo> tunnelsUp = new ArrayList<>();
        final List<byte[]> frames = new ArrayList<>();
        final Map<String, Long> eventTimes = new LinkedHashMap<>();
        Object self;
        /** Called with every event line, after it is recorded (to script reactions). */
        java.util.function.Consumer<String> onEvent = e -> { };
        /** What a fast path beside the engine says when HELLO asks when a session's data last arrived. */
        java.util.function.ToLongFunction<L2tpSession> dataOutsideTheEngine = s -> Long.MIN_VALUE;

        Recorder(String name, InMemoryNetwork net) {
            this.name = name;
            this.net = net;
        }

        @Override
        public void sendControl(Object peerKey, byte[] datagram) {
            net.send(this, peerKey, datagram);
        }

        private void note(String e) {
            events.add(e);
            eventTimes.putIfAbsent(e, net.now);
            onEvent.accept(e);
        }

        @Override
        public void tunnelUp(TunnelInfo tunnel) {
            tunnelsUp.add(tunnel);
            note("tunnelUp " + tunnel.localTunnelId());
        }

        @Override
        public void tunnelDown(TunnelInfo tunnel, String reason) {
            note("tunnelDown " + tunnel.localTunnelId() + ": " + reason);
        }

        @Override
        public void sessionUp(L2tpSession session) {
            up.add(session);
            note("sessionUp " + session.localTunnelId() + "/" + session.localSessionId());
        }

        @Override
        public void sessionDown(L2tpSession session, String reason) {
            note("sessionDown " + session.localTunnelId() + "/" + session.localSessionId() + ": " + reason);
        }

        @Override
        public void pppFrame(L2tpSession session, byte[] buf, int offset, int length) {
            byte[] f = new byte[length];
            System.arraycopy(buf, offset, f, 0, length);
            frames.add(f);
            note("ppp " + session.localSessionId() + " " + HexFormat.of().formatHex(f));
        }

        @Override
        public long dataReceivedAt(L2tpSession session) {
            return dataOutsideTheEngine.applyAsLong(session);
        }

        @Override
        public void shutdownComplete(int acknowledged, int timedOut) {
            note("shutdownComplete " + acknowledged + " acknowledged, " + timedOut + " timed out");
        }

        boolean saw(String prefix) {
            return events.stream().anyMatch(e -> e.startsWith(prefix));
        }

        long when(String prefix) {
            return eventTimes.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " never saw " + prefix + " in " + events)).getValue();
        }
    }

    /** A datagram on the wire. */
    record Datagram(long at, long order, Recorder from, Object peerKey, byte[] bytes) {}

    /** Direction-aware log of control messages: who sent which type, when. */
    record WireEvent(long at, String from, ControlMessage message) {}

    final L2tpLns lns;
    final Recorder lnsEvents;
    final Map<L2tpLac, Recorder> lacs = new LinkedHashMap<>();
    private final Map<Recorder, L2tpLac> lacOf = new LinkedHashMap<>();
    private final Map<Recorder, Object> keyOf = new LinkedHashMap<>();
    private final PriorityQueue<Datagram> inFlight =
            new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    final List<WireEvent> wire = new ArrayList<>();
    long now;
    long latency = 5;
    private long order;
    /** Returns false to lose the datagram; arguments: sender is the LNS, send time. */
    BiPredicate<Boolean, Long> deliver = (fromLns, at) -> true;

    InMemoryNetwork(L2tpSettings lnsSettings, long seed) {
        lnsEvents = new Recorder("lns", this);
        lns = new L2tpLns(lnsSettings, new SplittableRandom(seed), lnsEvents);
    }

    /** A LAC behind {@code peerKey}; LACs created with the same seed pick the same IDs. */
    L2tpLac addLac(L2tpSettings settings, Object peerKey, long seed) {
        Recorder r = new Recorder("lac@" + peerKey, this);
        L2tpLac lac = new L2tpLac(settings, new SplittableRandom(seed), "lns", r, now);
        r.self = lac;
        lacs.put(lac, r);
        lacOf.put(r, lac);
        keyOf.put(r, peerKey);
        return lac;
    }

    Recorder events(L2tpLac lac) {
        return lacs.get(lac);
    }

    void send(Recorder from, Object peerKey, byte[] datagram) {
        boolean fromLns = from == lnsEvents;
        if (ControlCodec.isControl(datagram, 0, datagram.length)) {
            ControlMessage m = decode(datagram);
            wire.add(new WireEvent(now, fromLns ? "lns" : from.name, m));
            if (fromLns) {
                assertMtpdWouldParse(datagram);
            }
        }
        if (!deliver.test(fromLns, now)) {
            return;
        }
        inFlight.add(new Datagram(now + latency, order++, from, fromLns ? peerKey : keyOf.get(from), datagram.clone()));
    }

    /** Android mtpd's checks on what it receives (CLIENT-COMPATIBILITY §1.4). */
    static void assertMtpdWouldParse(byte[] d) {
        int flags = (d[0] & 0xFF) << 8 | d[1] & 0xFF;
        assertThat(flags & 0xCB0F).as("flags").isEqualTo(0xC802);
        assertThat((d[2] & 0xFF) << 8 | d[3] & 0xFF).as("Length equals the datagram").isEqualTo(d.length);
        if (d.length != 12) {
            assertThat(d.length).isGreaterThanOrEqualTo(20);
            assertThat(HexFormat.of().formatHex(d, 12, 18)).as("first AVP: Message Type, flags 0x8008")
                    .isEqualTo("800800000000");
        }
    }

    static ControlMessage decode(byte[] d) {
        try {
            return ControlCodec.decode(d, 0, d.length, null);
        } catch (MalformedPacketException e) {
            // Hidden AVPs without the secret still decode; anything else is a bug in what we sent.
            throw new AssertionError("undecodable control message", e);
        }
    }

    /** Runs until {@code until} (inclusive), delivering datagrams and firing timers in time order. */
    void runUntil(long until) {
        while (true) {
            long next = Long.MAX_VALUE;
            if (!inFlight.isEmpty()) {
                next = inFlight.peek().at;
            }
            next = Math.min(next, lns.nextDeadline());
            for (L2tpLac lac : lacs.keySet()) {
                next = Math.min(next, lac.nextDeadline());
            }
            if (next > until) {
                now = Math.max(now, until);
                return;
            }
            now = Math.max(now, next);
            while (!inFlight.isEmpty() && inFlight.peek().at <= now) {
                Datagram d = inFlight.poll();
                if (d.from == lnsEvents) {
                    for (Map.Entry<Recorder, Object> e : keyOf.entrySet()) {
                        if (e.getValue().equals(d.peerKey)) {
                            lacOf.get(e.getKey()).receive(d.bytes, 0, d.bytes.length, now);
                        }
                    }
                } else {
                    lns.receive(d.peerKey, d.bytes, 0, d.bytes.length, now);
                }
            }
            if (lns.nextDeadline() <= now) {
                lns.onTimer(now);
            }
            for (L2tpLac lac : lacs.keySet()) {
                if (lac.nextDeadline() <= now) {
                    lac.onTimer(now);
                }
            }
        }
    }

    void runFor(long millis) {
        runUntil(now + millis);
    }

    /** Sends a PPP frame from a LAC session to the LNS (through the network). */
    void sendFromLac(L2tpLac lac, L2tpSession s, byte[] ppp) {
        byte[] buf = new byte[L2tpSession.MAX_HEADER_LENGTH + ppp.length];
        System.arraycopy(ppp, 0, buf, L2tpSession.MAX_HEADER_LENGTH, ppp.length);
        int start = s.encapsulate(buf, L2tpSession.MAX_HEADER_LENGTH, ppp.length);
        byte[] d = new byte[buf.length - start];
        System.arraycopy(buf, start, d, 0, d.length);
        Recorder r = lacs.get(lac);
        if (deliver.test(false, now)) {
            inFlight.add(new Datagram(now + latency, order++, r, keyOf.get(r), d));
        }
    }

    /** Sends a PPP frame from an LNS session to its peer; returns the datagram sent. */
    byte[] sendFromLns(L2tpSession s, byte[] ppp) {
        byte[] buf = new byte[L2tpSession.MAX_HEADER_LENGTH + ppp.length];
        System.arraycopy(ppp, 0, buf, L2tpSession.MAX_HEADER_LENGTH, ppp.length);
        int start = s.encapsulate(buf, L2tpSession.MAX_HEADER_LENGTH, ppp.length);
        byte[] d = new byte[buf.length - start];
        System.arraycopy(buf, start, d, 0, d.length);
        if (deliver.test(true, now)) {
            inFlight.add(new Datagram(now + latency, order++, lnsEvents, s.peerKey(), d));
        }
        return d;
    }

    /** Control message types on the wire in order, as "lns SCCRP" / "lac@k SCCRQ" lines. */
    List<String> controlTrace() {
        return wire.stream().map(w -> w.from() + " " + w.message().type()).toList();
    }
}
