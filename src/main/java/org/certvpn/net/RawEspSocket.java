package org.certvpn.net;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ESP as IP protocol 50 for clients that are not behind a NAT (they do not encapsulate in UDP), through
 * {@code socket(AF_INET, SOCK_RAW, IPPROTO_ESP)} bound with FFM. Needs CAP_NET_RAW.
 *
 * <p>An IPv4 raw socket delivers the IP header with each packet: {@link #receive} strips it and reports
 * the source address with port 0. {@link #send} passes just the ESP packet; the kernel writes the IP
 * header. Receivers read without blocking while packets keep coming and otherwise wait in {@code poll}
 * with an eventfd, so {@link #close()} wakes them promptly. Packets
 * move through the thread's native scratch buffer, nothing is allocated per packet while the peer stays
 * the same. Only one raw socket per namespace should read, since each raw socket receives a copy of every
 * ESP packet.
 */
public final class RawEspSocket implements DatagramEndpoint {
    private static final int IPPROTO_ESP = 50;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final ValueLayout.OfInt INT_NETWORK_ORDER =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private static final InetSocketAddress ANY = new InetSocketAddress("0.0.0.0", 0);

    private final WakeableFd fd;
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private final InetSocketAddress localAddress;

    private RawEspSocket(WakeableFd fd, InetSocketAddress localAddress) {
        this.fd = fd;
        this.localAddress = localAddress;
    }

    /** Opens the socket in the calling thread's network namespace, unbound (the kernel picks each source). */
    public static RawEspSocket open() throws IOException {
        return open(null);
    }

    /**
     * Opens the socket in the calling thread's network namespace, bound to {@code local} unless it is null
     * or the wildcard. Bound, every packet leaves with {@code local} as its source and only ESP addressed to
     * it is received. That matters on a host with several addresses on the clients' side: the kernel's own
     * choice of source is the interface's primary address, and a client drops ESP that does not come from
     * the address it negotiated its SA with.
     */
    public static RawEspSocket open(java.net.InetAddress local) throws IOException {
        MemorySegment capture = Libc.capture();
        int s = Libc.socket(capture, Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ESP);
        if (s < 0) {
            throw Libc.failure("socket(AF_INET, SOCK_RAW, IPPROTO_ESP)", capture);
        }
        InetSocketAddress bound = ANY;
        if (local != null && !local.isAnyLocalAddress()) {
            if (!(local instanceof Inet4Address v4)) {
                Libc.close(Libc.capture(), s);
                throw new IOException("raw ESP is IPv4 only: " + local);
            }
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                MemorySegment sa = arena.allocate(NativeScratch.SOCKADDR_IN_SIZE, 8);
                LinuxTunDevice.putSockaddrIn(sa, 0, Ipv4Prefix.Ipv4.toInt(v4));
                if (Libc.bindSocket(capture, s, sa, NativeScratch.SOCKADDR_IN_SIZE) < 0) {
                    IOException e = Libc.failure("bind(raw ESP, " + v4.getHostAddress() + ")", capture);
                    Libc.close(Libc.capture(), s);
                    throw e;
                }
            }
            bound = new InetSocketAddress(v4, 0);
        }
        return new RawEspSocket(new WakeableFd(s, "raw ESP socket"), bound);
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public boolean receive(byte[] buf, int off, int maxLength, ReceivedDatagram into) throws IOException {
        java.util.Objects.checkFromIndexSize(off, maxLength, buf.length);
        if (!fd.begin()) {
            return false;
        }
        try {
            NativeScratch s = NativeScratch.get();
            while (true) {
                // While packets keep coming, one recvfrom per packet; poll only when the queue is empty.
                s.sockaddrLength.set(ValueLayout.JAVA_INT, 0, NativeScratch.SOCKADDR_IN_SIZE);
                long n = Libc.recvfromPlain(fd.fd(), s.buffer, NativeScratch.BUFFER_SIZE, 0, s.sockaddr,
                        s.sockaddrLength);
                if (n < 0) {
                    if (!fd.awaitReadable(s)) {
                        return false;
                    }
                    s.sockaddrLength.set(ValueLayout.JAVA_INT, 0, NativeScratch.SOCKADDR_IN_SIZE);
                    n = Libc.recvfromPlain(fd.fd(), s.buffer, NativeScratch.BUFFER_SIZE, 0, s.sockaddr,
                            s.sockaddrLength);
                    if (n < 0) {
                        s.sockaddrLength.set(ValueLayout.JAVA_INT, 0, NativeScratch.SOCKADDR_IN_SIZE);
                        n = Libc.recvfrom(s.capture, fd.fd(), s.buffer, NativeScratch.BUFFER_SIZE, 0, s.sockaddr,
                                s.sockaddrLength);
                    }
                    if (n < 0) {
                        int errno = Libc.errno(s.capture);
                        if (errno == Libc.EAGAIN || errno == Libc.EINTR) {
                            continue;
                        }
                        throw Libc.failure("recvfrom(raw ESP)", s.capture);
                    }
                }
                int first = s.buffer.get(ValueLayout.JAVA_BYTE, 0) & 0xFF;
                int headerLength = (first & 0x0F) * 4;
                if ((first >>> 4) != 4 || headerLength < 20 || n < headerLength) {
                    malformed.incrementAndGet();
                    continue;
                }
                int length = (int) Math.min(n - headerLength, maxLength);
                s.bufferView.get(headerLength, buf, off, length);
                into.set(s.source(s.sockaddr.get(INT_NETWORK_ORDER, 4)), length);
                return true;
            }
        } finally {
            fd.end();
        }
    }

    @Override
    public boolean send(byte[] buf, int off, int length, InetSocketAddress destination) throws IOException {
        java.util.Objects.checkFromIndexSize(off, length, buf.length);
        if (!(destination.getAddress() instanceof Inet4Address v4)) {
            throw new IOException("raw ESP is IPv4 only: " + destination);
        }
        if (length > NativeScratch.BUFFER_SIZE - 60) {
            dropped.incrementAndGet();
            return false;
        }
        if (!fd.begin()) {
            throw new IOException("raw ESP socket is closed");
        }
        try {
            NativeScratch s = NativeScratch.get();
            s.bufferView.put(0, buf, off, length);
            LinuxTunDevice.putSockaddrIn(s.sockaddr, 0, s.destinationInt(v4, destination));
            long n = Libc.sendtoPlain(fd.fd(), s.buffer, length, Libc.MSG_DONTWAIT, s.sockaddr,
                    NativeScratch.SOCKADDR_IN_SIZE);
            if (n < 0) {
                n = Libc.sendto(s.capture, fd.fd(), s.buffer, length, Libc.MSG_DONTWAIT, s.sockaddr,
                        NativeScratch.SOCKADDR_IN_SIZE);
            }
            if (n < 0) {
                int errno = Libc.errno(s.capture);
                if (errno == Libc.EAGAIN || errno == Libc.EINTR || errno == ENOBUFS) {
                    dropped.incrementAndGet();
                    return false;
                }
                throw Libc.failure("sendto(raw ESP, " + destination.getAddress().getHostAddress() + ")", s.capture);
            }
            return true;
        } finally {
            fd.end();
        }
    }

    private static final int ENOBUFS = 105;

    /** Packets received that were not IPv4 with a sane header (dropped). */
    public long malformed() {
        return malformed.get();
    }

    /** Packets {@link #send} dropped for lack of socket buffer space. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        fd.close();
    }
}
