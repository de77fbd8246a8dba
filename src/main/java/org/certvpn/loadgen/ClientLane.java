package org.certvpn.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.certvpn.esp.Esp;
import org.certvpn.esp.EspContext;
import org.certvpn.esp.EspSaPair;
import org.certvpn.esp.EspStatus;
import org.certvpn.esp.InboundSaTable;
import org.certvpn.esp.TransportUdp;
import org.certvpn.esp.UdpEncapsulation;
import org.certvpn.ike.SpiAllocator;

/**
 * One thread of the load generator and the clients it owns: it opens their sockets, starts them on
 * schedule, hands them what arrives, fires their timers and, in the throughput scenarios, sends their
 * packets. One {@link EspContext} and one SA table serve all of the lane's clients; nothing here is
 * shared with another thread except the command queue and the counters it publishes.
 */
final class ClientLane implements Runnable, LaneTransport.Receiver {
    private static final System.Logger LOG = System.getLogger(ClientLane.class.getName());
    static final int HEADROOM = 128;
    private static final int L2TP_PORT = 1701;
    /** RFC 3948 §2.3: a NAT-keepalive is one octet, 0xFF, to the peer's NAT-T port. */
    private static final byte[] NAT_KEEPALIVE = {(byte) 0xFF};

    /** What the lane tells the generator (from the lane's thread). */
    interface Events {
        void up(LoadClient client);

        void failed(LoadClient client);

        /** A sink answer ('S' or 'F') arrived through {@code client}'s tunnel. */
        void sinkAnswer(LoadClient client, byte kind, long a, long b);
    }

    private record Timer(long at, LoadClient client) {}

    private record Start(long at, LoadClient client) {}

    private final int index;
    private final LaneTransport transport;
    private final LoadSettings settings;
    private final Events events;
    private final SplittableRandom random;
    private final InboundSaTable saTable = new InboundSaTable();
    private final EspContext esp = new EspContext();
    private final Map<Integer, LoadClient> bySpi = new HashMap<>();
    private final List<LoadClient> clients = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    /** Clients not started yet, in the order of their start times (scenarios schedule them in that order). */
    private final ArrayDeque<Start> starts = new ArrayDeque<>();
    /** Clients started and neither up nor failed yet. */
    private int connecting;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final byte[] tx = new byte[HEADROOM + 65_536 + Esp.MAX_TAILROOM];
    private final SpiAllocator spis;
    private volatile boolean stopped;
    private Thread thread;

    // Throughput: the lane's share of a blast, and what it counted.
    private List<LoadClient> blastClients = List.of();
    private long blastStart;
    private long blastUntil;
    private double blastRatePerMilli;
    private int blastNext;
    private volatile long blastSent;
    private volatile long receivedData;
    private volatile long receivedDataBytes;
    private volatile boolean blasting;
    private volatile long sendErrors;
    private volatile long natKeepalivesSent;

    ClientLane(int index, LaneTransport transport, LoadSettings settings, Events events, long seed) {
        this.index = index;
        this.transport = transport;
        this.settings = settings;
        this.events = events;
        this.random = new SplittableRandom(seed);
        this.spis = new SpiAllocator() {
            @Override
            public int reserve(java.util.random.RandomGenerator r) {
                return saTable.reserveSpi(r);
            }

            @Override
            public void release(int spi) {
                saTable.release(spi);
            }
        };
    }

    void start() {
        thread = Thread.ofPlatform().name("loadgen-" + index).daemon().start(this);
    }

    SplittableRandom random() {
        return random;
    }

    SpiAllocator spis() {
        return spis;
    }

    long now() {
        return System.nanoTime() / 1_000_000L;
    }

    long blastSent() {
        return blastSent;
    }

    long receivedData() {
        return receivedData;
    }

    long receivedDataBytes() {
        return receivedDataBytes;
    }

    long sendErrors() {
        return sendErrors;
    }

    long natKeepalivesSent() {
        return natKeepalivesSent;
    }

    boolean blasting() {
        return blasting;
    }

    /** Runs {@code task} on the lane's thread. */
    void execute(Runnable task) {
        commands.add(task);
        transport.wakeup();
    }

    /**
     * Lane thread: adopts a client, to be started at {@code atMillis} (not before the clients scheduled
     * earlier), or later while {@link LoadSettings#maxPending()} clients of this lane are connecting.
     */
    void schedule(LoadClient client, long atMillis) {
        clients.add(client);
        starts.add(new Start(atMillis, client));
    }

    /** Whether the next client may start now (the pending limit leaves room). */
    private boolean mayStart() {
        return settings.maxPending() <= 0 || connecting < settings.maxPending();
    }

    List<LoadClient> clients() {
        return clients;
    }

    void stop() {
        stopped = true;
        transport.wakeup();
    }

    void join(long millis) throws InterruptedException {
        if (thread != null) {
            thread.join(millis);
        }
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                Runnable c;
                while ((c = commands.poll()) != null) {
                    c.run();
                }
                long now = now();
                fireTimers(now);
                boolean busy = blasting && blast(now());
                long wait = 0;
                if (!busy) {
                    Timer next = timers.peek();
                    long at = next == null ? Long.MAX_VALUE : next.at;
                    Start first = starts.peek();
                    if (first != null && mayStart()) {
                        at = Math.min(at, first.at);
                    }
                    wait = at == Long.MAX_VALUE ? 20 : Math.max(0, Math.min(20, at - now()));
                }
                transport.poll(wait, 4096, this);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "load generator lane " + index + " stopped", e);
        } finally {
            transport.close();
        }
    }

    private void fireTimers(long now) {
        // Both bounded, so that a wave of starts does not keep the lane from reading its sockets.
        for (int i = 0; i < 256 && mayStart(); i++) {
            Start s = starts.peek();
            if (s == null || s.at > now) {
                break;
            }
            starts.poll();
            LoadClient c = s.client;
            connecting++;
            try {
                transport.open(c);
            } catch (IOException e) {
                c.fail("cannot open a socket: " + e.getMessage());
                continue;
            }
            c.startNanos = System.nanoTime();
            c.start(now);
            reschedule(c);
        }
        for (int i = 0; i < 256; i++) {
            Timer t = timers.peek();
            if (t == null || t.at > now) {
                return;
            }
            timers.poll();
            LoadClient c = t.client;
            if (t.at == c.scheduled) {
                c.scheduled = Long.MAX_VALUE;
                c.onTimer(now);
                reschedule(c);
            }
        }
    }

    private void reschedule(LoadClient c) {
        if (c.state() == LoadClient.State.FAILED || c.state() == LoadClient.State.CLOSED) {
            return;
        }
        long d = c.nextDeadline();
        if (d < c.scheduled) {
            c.scheduled = d;
            timers.add(new Timer(d, c));
        }
    }

    // ---- inbound ----

    @Override
    public void datagram(LoadClient client, byte[] buf, int len, InetSocketAddress from) {
        long now = now();
        if (from.getPort() != settings.natTPort()) {
            client.ike(now, from.getPort(), Arrays.copyOf(buf, len));
            reschedule(client);
            return;
        }
        switch (UdpEncapsulation.classify(buf, 0, len)) {
            case IKE -> {
                client.ike(now, from.getPort(), Arrays.copyOfRange(buf, UdpEncapsulation.NON_ESP_MARKER_LENGTH, len));
                reschedule(client);
            }
            case ESP -> {
                if (esp.open(saTable, buf, 0, len, from) != EspStatus.OK || esp.nextHeader() != Esp.NEXT_HEADER_UDP) {
                    return;
                }
                LoadClient owner = bySpi.get(esp.openedSa().spi());
                int p = esp.payloadOffset();
                int n = esp.payloadLength();
                if (owner == null || !TransportUdp.isWellFormed(buf, p, n)) {
                    return;
                }
                owner.l2tp(now, buf, p + TransportUdp.HEADER_LENGTH, n - TransportUdp.HEADER_LENGTH);
                reschedule(owner);
            }
            default -> { } // keepalives
        }
    }

    /** An IPv4 packet PPP delivered to {@code client}: sink traffic and sink answers. */
    void received(LoadClient client, byte[] buf, int off, int len) {
        if (len < SinkProtocol.IP_UDP_HEADERS + 1 || buf[off + 9] != 17) {
            return;
        }
        int ihl = (buf[off] & 0x0F) * 4;
        int payload = off + ihl + 8;
        if (payload >= off + len) {
            return;
        }
        byte kind = buf[payload];
        if (kind == SinkProtocol.DATA || kind == SinkProtocol.ECHO) {
            receivedData++;
            receivedDataBytes += len;
        } else if (kind == SinkProtocol.STATS && payload + 17 <= off + len) {
            events.sinkAnswer(client, kind, SinkProtocol.getLong(buf, payload + 1), SinkProtocol.getLong(buf, payload + 9));
        } else if (kind == SinkProtocol.FINISHED && payload + 9 <= off + len) {
            events.sinkAnswer(client, kind, SinkProtocol.getLong(buf, payload + 1), 0);
        }
    }

    void clientUp(LoadClient c) {
        connecting--;
        events.up(c);
    }

    void clientFailed(LoadClient c) {
        if (c.upNanos == 0) {
            connecting--;
        }
        events.failed(c);
        transport.close(c);
    }

    void installSa(LoadClient c, EspSaPair pair) {
        saTable.install(pair.inbound());
        bySpi.put(pair.inbound().spi(), c);
    }

    // ---- outbound ----

    void sendIke(LoadClient c, int serverPort, byte[] datagram) {
        InetSocketAddress to = new InetSocketAddress(settings.server().getAddress(), serverPort);
        if (serverPort == settings.natTPort()) {
            byte[] b = new byte[datagram.length + UdpEncapsulation.NON_ESP_MARKER_LENGTH];
            System.arraycopy(datagram, 0, b, UdpEncapsulation.NON_ESP_MARKER_LENGTH, datagram.length);
            send(c, b, 0, b.length, to);
        } else {
            send(c, datagram, 0, datagram.length, to);
        }
    }

    /** A NAT-T keepalive from the client's port to the server's NAT-T port. */
    void sendNatKeepalive(LoadClient c) {
        if (send(c, NAT_KEEPALIVE, 0, NAT_KEEPALIVE.length, c.natTServer())) {
            natKeepalivesSent++;
        }
    }

    /** An L2TP control message: copied behind headroom, then sealed and sent. */
    void sendL2tpCopy(LoadClient c, byte[] datagram, int off, int len) {
        byte[] b = new byte[HEADROOM + len + Esp.MAX_TAILROOM];
        System.arraycopy(datagram, off, b, HEADROOM, len);
        sendL2tp(c, b, HEADROOM, len);
    }

    /** A PPP frame: L2TP data header, inner UDP, ESP. */
    void sendPppCopy(LoadClient c, byte[] frame, int off, int len) {
        if (c.session() == null) {
            return;
        }
        byte[] b = new byte[HEADROOM + len + Esp.MAX_TAILROOM];
        System.arraycopy(frame, off, b, HEADROOM, len);
        int start = c.session().encapsulate(b, HEADROOM, len);
        sendL2tp(c, b, start, HEADROOM + len - start);
    }

    /** Sends an IPv4 packet {@code tx[HEADROOM, HEADROOM + len)} through the client's tunnel. */
    boolean sendIpv4(LoadClient c, byte[] buf, int len) {
        int frame = c.ppp().encapsulateIpv4(buf, HEADROOM, len);
        if (frame < 0) {
            return false;
        }
        int start = c.session().encapsulate(buf, frame, HEADROOM + len - frame);
        return sendL2tp(c, buf, start, HEADROOM + len - start);
    }

    private boolean sendL2tp(LoadClient c, byte[] buf, int off, int len) {
        EspSaPair sa = c.sa();
        if (sa == null) {
            return false; // never cleartext
        }
        int udp = off - TransportUdp.HEADER_LENGTH;
        TransportUdp.writeHeader(buf, udp, L2TP_PORT, L2TP_PORT, len);
        if (esp.seal(sa.outbound(), buf, udp, len + TransportUdp.HEADER_LENGTH, Esp.NEXT_HEADER_UDP) != EspStatus.OK) {
            return false;
        }
        return send(c, buf, esp.packetOffset(), esp.packetLength(), c.natTServer());
    }

    private boolean send(LoadClient c, byte[] buf, int off, int len, InetSocketAddress to) {
        try {
            return transport.send(c, buf, off, len, to);
        } catch (IOException e) {
            sendErrors++;
            return false;
        }
    }

    /** Lane thread: a sink request ('S', or 'B' with its parameters) from {@code c} to the sink. */
    void sendSinkRequest(LoadClient c, InetSocketAddress sink, byte kind, int size, int millis, int rate) {
        if (c.state() != LoadClient.State.UP) {
            return;
        }
        int total = SinkProtocol.IP_UDP_HEADERS + 13;
        SinkProtocol.writePacket(tx, HEADROOM, total, c.address(), 40_000, toInt(sink), sink.getPort(), kind);
        SinkProtocol.putInt(tx, HEADROOM + SinkProtocol.IP_UDP_HEADERS + 1, size);
        SinkProtocol.putInt(tx, HEADROOM + SinkProtocol.IP_UDP_HEADERS + 5, millis);
        SinkProtocol.putInt(tx, HEADROOM + SinkProtocol.IP_UDP_HEADERS + 9, rate);
        sendIpv4(c, tx, total);
    }

    static int toInt(InetSocketAddress a) {
        byte[] b = a.getAddress().getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    /** Lane thread: starts sending 'D' packets of {@code size} bytes from {@code flows} to the sink. */
    void startBlast(List<LoadClient> flows, InetSocketAddress sink, int size, double ratePerSecond, long millis) {
        blastClients = new ArrayList<>();
        for (LoadClient c : flows) {
            if (c.state() == LoadClient.State.UP) {
                c.template = new byte[size];
                SinkProtocol.writePacket(c.template, 0, size, c.address(), 40_001, toInt(sink), sink.getPort(),
                        SinkProtocol.DATA);
                blastClients.add(c);
            }
        }
        blastSent = 0;
        blastStart = now();
        blastUntil = blastStart + millis;
        blastRatePerMilli = ratePerSecond / 1000.0;
        blastNext = 0;
        blasting = !blastClients.isEmpty();
    }

    /** Sends the packets due by now; returns whether the blast goes on. */
    private boolean blast(long now) {
        if (now >= blastUntil) {
            blasting = false;
            return false;
        }
        long due = blastRatePerMilli <= 0 ? 64
                : Math.min(256, (long) ((now - blastStart + 1) * blastRatePerMilli) - blastSent);
        long sent = blastSent;
        for (long i = 0; i < due; i++) {
            LoadClient c = blastClients.get(blastNext);
            blastNext = (blastNext + 1) % blastClients.size();
            byte[] t = c.template;
            System.arraycopy(t, 0, tx, HEADROOM, t.length);
            if (sendIpv4(c, tx, t.length)) {
                sent++;
            }
        }
        blastSent = sent;
        return true;
    }

    /** Lane thread: every client says goodbye (LCP/L2TP/IKE as far as each got). */
    void closeAll() {
        long now = now();
        for (LoadClient c : clients) {
            c.close(now);
        }
    }
}
