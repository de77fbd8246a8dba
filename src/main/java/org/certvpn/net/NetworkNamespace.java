package org.certvpn.net;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code inside another network namespace, e.g. {@code /var/run/netns/NAME} made by {@code ip netns add}.
 *
 * <p>Linux keeps the network namespace per thread, and a socket or TUN device belongs to the namespace of
 * the thread that created it, for its whole life. So the code runs on a fresh platform thread that first
 * calls {@code setns(2)} and then ends (it never returns to a pool in the wrong namespace); whatever it
 * opens stays in that namespace and can be used from any thread afterwards. Needs CAP_SYS_ADMIN.
 */
public final class NetworkNamespace {
    private NetworkNamespace() {}

    /** Calls {@code task} on a new thread inside the namespace at {@code nsPath}, and returns its result. */
    public static <T> T callIn(Path nsPath, Callable<T> task) throws IOException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("netns " + nsPath.getFileName()).unstarted(() -> {
            try {
                enter(nsPath);
                result.set(task.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running in " + nsPath, e);
        }
        Throwable t = failure.get();
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IOException(new ExecutionException(t));
        }
        return result.get();
    }

    private static void enter(Path nsPath) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.capture();
            int fd = Libc.open(capture, arena.allocateFrom(nsPath.toString()), Libc.O_CLOEXEC);
            if (fd < 0) {
                throw Libc.failure("open(" + nsPath + ")", capture);
            }
            try {
                if (Libc.setns(capture, fd, Libc.CLONE_NEWNET) < 0) {
                    throw Libc.failure("setns(" + nsPath + ", CLONE_NEWNET)", capture);
                }
            } finally {
                Libc.close(capture, fd);
            }
        }
    }
}
