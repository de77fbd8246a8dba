package org.certvpn.net;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A non-blocking file descriptor that readers wait on with {@code poll(2)} together with an {@code eventfd},
 * so that {@link #close()} wakes every waiting reader at once.
 *
 * <p>Closing a descriptor does not wake a thread blocked in {@code read(2)} on it, and a blocking FFM call
 * cannot be interrupted; so nothing ever blocks in {@code read}: readers block in {@code poll} on both
 * descriptors, and close writes the eventfd. The descriptors are only closed once no call is in flight, so
 * a number can never be reused under a running call.
 */
final class WakeableFd implements AutoCloseable {
    private static final long CLOSE_WAIT_NANOS = 2_000_000_000L;

    private final int fd;
    private final int eventFd;
    private final String what;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    WakeableFd(int fd, String what) throws IOException {
        this.fd = fd;
        this.what = what;
        MemorySegment capture = Libc.capture();
        int efd = Libc.eventfd(capture, 0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (efd < 0) {
            IOException e = Libc.failure("eventfd", capture);
            Libc.close(capture, fd);
            throw e;
        }
        this.eventFd = efd;
    }

    int fd() {
        return fd;
    }

    boolean isClosed() {
        return closed;
    }

    /** Registers a call on the descriptor; false if it is closed (then do not call {@link #end()}). */
    boolean begin() {
        inFlight.incrementAndGet();
        if (closed) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void end() {
        inFlight.decrementAndGet();
    }

    /**
     * Blocks until the descriptor is readable (or has an error to report); false once closed. Call between
     * {@link #begin()} and {@link #end()}.
     */
    boolean awaitReadable(NativeScratch s) throws IOException {
        MemorySegment fds = s.pollFds;
        while (true) {
            fds.set(ValueLayout.JAVA_INT, 0, fd);
            fds.set(ValueLayout.JAVA_SHORT, 4, Libc.POLLIN);
            fds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            fds.set(ValueLayout.JAVA_INT, 8, eventFd);
            fds.set(ValueLayout.JAVA_SHORT, 12, Libc.POLLIN);
            fds.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
            int n = Libc.pollPlain(fds, 2, -1);
            if (closed) {
                return false;
            }
            if (n < 0) {
                // Ask again with errno captured (zero timeout: just the reason, or readiness by now).
                n = Libc.poll(s.capture, fds, 2, 0);
                if (n < 0) {
                    if (Libc.errno(s.capture) == Libc.EINTR) {
                        continue;
                    }
                    throw Libc.failure("poll(" + what + ")", s.capture);
                }
            }
            short wake = fds.get(ValueLayout.JAVA_SHORT, 14);
            if (wake != 0) {
                return false;
            }
            short events = fds.get(ValueLayout.JAVA_SHORT, 6);
            if ((events & Libc.POLLNVAL) != 0) {
                throw new IOException(what + " is not open");
            }
            if (events != 0) {
                return true;
            }
        }
    }

    /** Wakes all waiting readers, waits (bounded) for calls in flight to leave, then closes both descriptors. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            MemorySegment capture = Libc.capture();
            Libc.write(capture, eventFd, one, 8);
            long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
            }
            if (inFlight.get() == 0) {
                Libc.close(capture, fd);
                Libc.close(capture, eventFd);
            }
            // Otherwise a call is stuck (e.g. a blocking write): leaking two descriptors is safer than
            // closing a number that a running call might then use on a reused descriptor.
        }
    }
}
