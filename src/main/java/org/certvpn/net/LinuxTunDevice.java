package org.certvpn.net;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kernel's TUN device, opened and configured through FFM system calls: {@code open("/dev/net/tun")},
 * {@code ioctl(TUNSETIFF)} with IFF_TUN | IFF_NO_PI (and IFF_MULTI_QUEUE on request), then the address,
 * netmask, MTU, IFF_UP and routes with the classic {@code SIOCS*} and {@code SIOCADDRT} ioctls on an
 * AF_INET datagram socket. No external commands, no JNI. Needs CAP_NET_ADMIN.
 *
 * <p>The device lives in the network namespace of the thread that opens it (see {@link NetworkNamespace});
 * its descriptor then works from any thread. Read on platform threads: a blocking FFM call would pin a
 * virtual thread's carrier. A reader first tries a non-blocking read (one system call per packet while
 * packets keep coming) and otherwise waits in {@code poll} with an eventfd ({@link WakeableFd}), so
 * {@link #close()} wakes it at once; data moves through the thread's native scratch buffer into the
 * caller's heap array, so nothing is allocated per packet.
 *
 * <p>With {@link TunConfig#multiQueue()} each {@link #openQueue()} attaches another queue to the same
 * interface; the kernel spreads flows over queues, one reader thread per queue.
 */
public final class LinuxTunDevice implements TunDevice {
    static final long TUNSETIFF = 0x400454caL;
    static final long SIOCGIFFLAGS = 0x8913L;
    static final long SIOCSIFFLAGS = 0x8914L;
    static final long SIOCSIFADDR = 0x8916L;
    static final long SIOCSIFNETMASK = 0x891cL;
    static final long SIOCSIFMTU = 0x8922L;
    static final long SIOCADDRT = 0x890bL;
    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    static final short IFF_MULTI_QUEUE = 0x0100;
    static final short IFF_UP = 0x1;
    static final short IFF_RUNNING = 0x40;
    static final short RTF_UP = 0x1;
    private static final int O_NONBLOCK = 0x800;
    private static final int IFREQ_SIZE = 40;
    private static final int IFR_DATA = 16;
    private static final int RTENTRY_SIZE = 120;

    private final TunConfig config;
    private final WakeableFd fd;
    private final AtomicLong droppedWrites = new AtomicLong();

    private LinuxTunDevice(TunConfig config, WakeableFd fd) {
        this.config = config;
        this.fd = fd;
    }

    /** Creates (or attaches to) the interface, configures it and brings it up. */
    public static LinuxTunDevice open(TunConfig config) throws IOException {
        LinuxTunDevice device = new LinuxTunDevice(config, attach(config));
        try {
            configure(config);
        } catch (IOException | RuntimeException e) {
            device.close();
            throw e;
        }
        return device;
    }

    /**
     * Another queue of a multi-queue device, for one more reader thread. Call it from a thread in the
     * device's network namespace (e.g. through {@link NetworkNamespace#callIn}): elsewhere the kernel would
     * create a new device of the same name there.
     */
    public LinuxTunDevice openQueue() throws IOException {
        if (!config.multiQueue()) {
            throw new IllegalStateException(config.name() + " was not opened with IFF_MULTI_QUEUE");
        }
        return new LinuxTunDevice(config, attach(config));
    }

    private static WakeableFd attach(TunConfig config) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.capture();
            int tun = Libc.open(capture, arena.allocateFrom("/dev/net/tun"), Libc.O_RDWR | Libc.O_CLOEXEC | O_NONBLOCK);
            if (tun < 0) {
                throw Libc.failure("open(/dev/net/tun)", capture);
            }
            MemorySegment ifr = ifreq(arena, config.name());
            short flags = (short) (IFF_TUN | IFF_NO_PI | (config.multiQueue() ? IFF_MULTI_QUEUE : 0));
            ifr.set(ValueLayout.JAVA_SHORT, IFR_DATA, flags);
            if (Libc.ioctl(capture, tun, TUNSETIFF, ifr) < 0) {
                IOException e = Libc.failure("ioctl(TUNSETIFF, " + config.name() + ")", capture);
                Libc.close(capture, tun);
                throw e;
            }
            return new WakeableFd(tun, "tun " + config.name());
        }
    }

    private static void configure(TunConfig config) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.capture();
            int sock = Libc.socket(capture, Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
            if (sock < 0) {
                throw Libc.failure("socket(AF_INET, SOCK_DGRAM)", capture);
            }
            try {
                String name = config.name();
                MemorySegment ifr = ifreq(arena, name);
                putSockaddrIn(ifr, IFR_DATA, Ipv4Prefix.Ipv4.toInt(config.address()));
                ioctl(capture, sock, SIOCSIFADDR, ifr, "SIOCSIFADDR " + name);

                ifr = ifreq(arena, name);
                putSockaddrIn(ifr, IFR_DATA, Ipv4Prefix.mask(config.prefixLength()));
                ioctl(capture, sock, SIOCSIFNETMASK, ifr, "SIOCSIFNETMASK " + name);

                ifr = ifreq(arena, name);
                ifr.set(ValueLayout.JAVA_INT, IFR_DATA, config.mtu());
                ioctl(capture, sock, SIOCSIFMTU, ifr, "SIOCSIFMTU " + name);

                ifr = ifreq(arena, name);
                ioctl(capture, sock, SIOCGIFFLAGS, ifr, "SIOCGIFFLAGS " + name);
                short flags = ifr.get(ValueLayout.JAVA_SHORT, IFR_DATA);
                ifr.set(ValueLayout.JAVA_SHORT, IFR_DATA, (short) (flags | IFF_UP | IFF_RUNNING));
                ioctl(capture, sock, SIOCSIFFLAGS, ifr, "SIOCSIFFLAGS " + name);

                MemorySegment device = arena.allocateFrom(name);
                for (Ipv4Prefix route : config.routes()) {
                    MemorySegment rt = arena.allocate(RTENTRY_SIZE, 8);
                    putSockaddrIn(rt, 8, route.network());      // rt_dst
                    putSockaddrIn(rt, 24, 0);                   // rt_gateway: none, on-link through the device
                    putSockaddrIn(rt, 40, route.netmask());     // rt_genmask
                    rt.set(ValueLayout.JAVA_SHORT, 56, RTF_UP); // rt_flags
                    rt.set(ValueLayout.ADDRESS, 88, device);    // rt_dev
                    ioctl(capture, sock, SIOCADDRT, rt, "SIOCADDRT " + route + " dev " + name);
                }
            } finally {
                Libc.close(capture, sock);
            }
        }
    }

    private static void ioctl(MemorySegment capture, int fd, long request, MemorySegment arg, String what)
            throws IOException {
        if (Libc.ioctl(capture, fd, request, arg) < 0) {
            throw Libc.failure("ioctl(" + what + ")", capture);
        }
    }

    private static MemorySegment ifreq(Arena arena, String name) {
        MemorySegment ifr = arena.allocate(IFREQ_SIZE, 8);
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(n, 0, ifr, ValueLayout.JAVA_BYTE, 0, n.length);
        return ifr;
    }

    /** struct sockaddr_in: family in host order, port 0, address in network order. */
    static void putSockaddrIn(MemorySegment seg, long off, int address) {
        seg.set(ValueLayout.JAVA_SHORT, off, (short) Libc.AF_INET);
        seg.set(ValueLayout.JAVA_SHORT, off + 2, (short) 0);
        seg.set(ValueLayout.JAVA_BYTE, off + 4, (byte) (address >>> 24));
        seg.set(ValueLayout.JAVA_BYTE, off + 5, (byte) (address >>> 16));
        seg.set(ValueLayout.JAVA_BYTE, off + 6, (byte) (address >>> 8));
        seg.set(ValueLayout.JAVA_BYTE, off + 7, (byte) address);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public int mtu() {
        return config.mtu();
    }

    @Override
    public int read(byte[] buf, int off, int maxLength) throws IOException {
        java.util.Objects.checkFromIndexSize(off, maxLength, buf.length);
        if (!fd.begin()) {
            return -1;
        }
        try {
            NativeScratch s = NativeScratch.get();
            long count = Math.min(maxLength, NativeScratch.BUFFER_SIZE);
            // While packets keep coming, one read per packet; poll only when the queue is empty.
            long n = Libc.readPlain(fd.fd(), s.buffer, count);
            while (n < 0) {
                if (!fd.awaitReadable(s)) {
                    return -1;
                }
                n = Libc.readPlain(fd.fd(), s.buffer, count);
                if (n < 0) {
                    n = Libc.read(s.capture, fd.fd(), s.buffer, count);
                    if (n < 0) {
                        int errno = Libc.errno(s.capture);
                        if (errno != Libc.EAGAIN && errno != Libc.EINTR) {
                            throw Libc.failure("read(" + config.name() + ")", s.capture);
                        }
                        // another reader took it, or a signal: wait again
                    }
                }
            }
            s.bufferView.get(0, buf, off, (int) n);
            return (int) n;
        } finally {
            fd.end();
        }
    }

    @Override
    public boolean write(byte[] buf, int off, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(off, length, buf.length);
        if (length > NativeScratch.BUFFER_SIZE) {
            droppedWrites.incrementAndGet();
            return false;
        }
        if (!fd.begin()) {
            throw new IOException(config.name() + " is closed");
        }
        try {
            NativeScratch s = NativeScratch.get();
            s.bufferView.put(0, buf, off, length);
            long n = Libc.writePlain(fd.fd(), s.buffer, length);
            if (n < 0) {
                n = Libc.write(s.capture, fd.fd(), s.buffer, length);
            }
            if (n < 0) {
                int errno = Libc.errno(s.capture);
                if (errno == Libc.EAGAIN || errno == Libc.EINTR) {
                    droppedWrites.incrementAndGet();
                    return false;
                }
                throw Libc.failure("write(" + config.name() + ")", s.capture);
            }
            return true;
        } finally {
            fd.end();
        }
    }

    /** Packets {@link #write} dropped because the kernel queue was full. */
    public long droppedWrites() {
        return droppedWrites.get();
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "LinuxTunDevice[" + config.name() + " " + config.address().getHostAddress() + "/"
                + config.prefixLength() + " mtu " + config.mtu() + "]";
    }
}
