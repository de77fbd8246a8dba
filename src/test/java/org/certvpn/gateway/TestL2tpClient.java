package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.certvpn.l2tp.L2tpLac;
import org.certvpn.l2tp.L2tpListener;
import org.certvpn.l2tp.L2tpSession;
import org.certvpn.l2tp.L2tpSettings;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.ReceivedDatagram;
import org.certvpn.ppp.LinkDownReason;
import org.certvpn.ppp.NetworkParameters;
import org.certvpn.ppp.PppClient;
import org.certvpn.ppp.PppClientSettings;
import org.certvpn.ppp.PppListener;

/**
 * An Android-like L2TP + PPP client over a datagram endpoint (cleartext UDP/1701), built from the project's
 * own LAC and PPP client engines, for in-memory end-to-end tests of the whole gateway. One lock serialises
 * the engines; a receive thread and a timer thread drive them.
 */
final class TestL2tpClient implements AutoCloseable {
    private final DatagramEndpoint endpoint;
    private final InetSocketAddress server;
    private final PppClientSettings pppSettings;
    private final Object lock = new Object();
    private final L2tpLac lac;
    private final Thread receiver;
    private final Thread timer;
    private L2tpSession session;
    private PppClient ppp;
    private volatile boolean closed;
    final CountDownLatch networkUp = new CountDownLatch(1);
    /** How often IPCP came up on this side (more than once when it renegotiates). */
    final java.util.concurrent.atomic.AtomicInteger networkUps = new java.util.concurrent.atomic.AtomicInteger();
    final CountDownLatch linkDown = new CountDownLatch(1);
    volatile NetworkParameters network;
    volatile LinkDownReason downReason;
    volatile String authFailure;
    final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

    TestL2tpClient(DatagramEndpoint endpoint, InetSocketAddress server, PppClientSettings pppSettings, long seed) {
        this.endpoint = endpoint;
        this.server = server;
        this.pppSettings = pppSettings;
        SplittableRandom random = new SplittableRandom(seed);
        this.lac = new L2tpLac(L2tpSettings.androidLac(), random, server, new Lac(random), now());
        this.receiver = Thread.ofPlatform().daemon().name("client-rx-" + endpoint.localAddress()).start(this::receive);
        this.timer = Thread.ofPlatform().daemon().name("client-timer").start(this::tick);
    }

    private static long now() {
        return System.nanoTime() / 1_000_000L;
    }

    void connect() {
        synchronized (lock) {
            lac.start(now());
            session = lac.openSession(now());
        }
    }

    boolean awaitUp(long seconds) throws InterruptedException {
        return networkUp.await(seconds, TimeUnit.SECONDS);
    }

    int address() {
        synchronized (lock) {
            return ppp.address();
        }
    }

    /** Sends one PPP frame as it is ({@code FF 03}, protocol, information) through the session. */
    void sendPppFrame(byte[] frame) {
        synchronized (lock) {
            new Ppp().sendFrame(frame.clone(), 0, frame.length);
        }
    }

    /** Sends one IPv4 packet through the tunnel. */
    void sendIpv4(byte[] packet) {
        byte[] buf = new byte[64 + packet.length];
        System.arraycopy(packet, 0, buf, 64, packet.length);
        synchronized (lock) {
            int frame = ppp.encapsulateIpv4(buf, 64, packet.length);
            if (frame < 0) {
                throw new IllegalStateException("network not up");
            }
            int start = session.encapsulate(buf, frame, 64 + packet.length - frame);
            send(buf, start, 64 + packet.length - start);
        }
    }

    void disconnect() {
        synchronized (lock) {
            if (ppp != null) {
                ppp.close(LinkDownReason.ADMIN_CLOSE, "user disconnected", now());
            }
        }
    }

    private void send(byte[] buf, int off, int len) {
        try {
            endpoint.send(buf, off, len, server);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void receive() {
        byte[] buf = new byte[65_536];
        ReceivedDatagram d = new ReceivedDatagram();
        try {
            while (endpoint.receive(buf, 0, buf.length, d)) {
                synchronized (lock) {
                    lac.receive(buf, 0, d.length(), now());
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void tick() {
        while (!closed) {
            synchronized (lock) {
                long now = now();
                if (lac.nextDeadline() <= now) {
                    lac.onTimer(now);
                }
                if (ppp != null && ppp.nextDeadline() <= now) {
                    ppp.onTimer(now);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        endpoint.close();
        timer.interrupt();
    }

    private final class Lac implements L2tpListener {
        private final SplittableRandom random;

        Lac(SplittableRandom random) {
            this.random = random;
        }

        @Override
        public void sendControl(Object peerKey, byte[] datagram) {
            send(datagram, 0, datagram.length);
        }

        private final java.util.List<byte[]> early = new java.util.ArrayList<>();

        @Override
        public void sessionUp(L2tpSession s) {
            ppp = new PppClient(pppSettings, random.split(), "client", new Ppp());
            ppp.start(now());
            // Like mtpd, which starts pppd as soon as it sends ICCN, take frames that beat the ICCN's ack.
            for (byte[] f : early) {
                ppp.receiveFrame(f, 0, f.length, now());
            }
            early.clear();
        }

        @Override
        public void pppFrame(L2tpSession s, byte[] buf, int offset, int length) {
            if (ppp != null) {
                ppp.receiveFrame(buf, offset, length, now());
            } else {
                early.add(Arrays.copyOfRange(buf, offset, offset + length));
            }
        }
    }

    private final class Ppp implements PppListener {
        @Override
        public void sendFrame(byte[] buf, int off, int len) {
            if (off < 16) {
                byte[] roomy = new byte[16 + len];
                System.arraycopy(buf, off, roomy, 16, len);
                buf = roomy;
                off = 16;
            }
            int start = session.encapsulate(buf, off, len);
            send(buf, start, off + len - start);
        }

        @Override
        public void deliverIpv4(byte[] buf, int off, int len) {
            received.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void networkUp(NetworkParameters parameters) {
            network = parameters;
            networkUps.incrementAndGet();
            networkUp.countDown();
        }

        @Override
        public void authenticationFailed(String user, String reason) {
            authFailure = reason;
        }

        @Override
        public void linkDown(LinkDownReason reason, String detail) {
            downReason = reason;
            linkDown.countDown();
        }
    }
}
