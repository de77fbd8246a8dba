package org.certvpn.gateway;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * One control-plane thread. Every engine instance and session belongs to exactly one shard and is only
 * touched by its thread, so the sans-IO engines need no locks. Work arrives as tasks from receive loops,
 * the TUN loop and the control socket; timers come from {@link DeadlineQueue}. The shard sleeps until
 * the next task or deadline.
 */
final class Shard {
    private static final System.Logger LOG = System.getLogger(Shard.class.getName());

    private final int index;
    private final LongSupplier clock;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final DeadlineQueue timers = new DeadlineQueue();
    private volatile Thread thread;
    private volatile boolean stopping;

    Shard(int index, LongSupplier clock) {
        this.index = index;
        this.clock = clock;
    }

    int index() {
        return index;
    }

    long now() {
        return clock.getAsLong();
    }

    void start() {
        thread = Thread.ofPlatform().name("shard-" + index).daemon().start(this::loop);
    }

    /** Queues a task for the shard thread; callable from any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        Thread t = thread;
        if (t != null && Thread.currentThread() != t) {
            LockSupport.unpark(t);
        }
    }

    boolean inShard() {
        return Thread.currentThread() == thread;
    }

    /** Shard thread only: makes sure {@code owner}'s next deadline is scheduled. */
    void reschedule(Timed owner) {
        timers.reschedule(owner);
    }

    /** Shard thread only. */
    void forget(Timed owner) {
        timers.remove(owner);
    }

    void stop() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    void join(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(millis);
        }
    }

    private void loop() {
        while (!stopping) {
            Runnable task;
            boolean worked = false;
            while ((task = tasks.poll()) != null) {
                run(task);
                worked = true;
            }
            long now = clock.getAsLong();
            try {
                timers.fire(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "shard " + index + ": timer failed", e);
            }
            if (worked || !tasks.isEmpty()) {
                continue;
            }
            long next = timers.earliest();
            long waitMillis = next == Long.MAX_VALUE ? 1000 : Math.max(0, next - clock.getAsLong());
            if (waitMillis > 0) {
                LockSupport.parkNanos(this, Math.min(waitMillis, 1000) * 1_000_000L);
            }
        }
        Runnable task;
        while ((task = tasks.poll()) != null) {
            run(task);
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // An engine bug must not take the shard, and with it every other client, down.
            LOG.log(System.Logger.Level.ERROR, "shard " + index + ": task failed", e);
        }
    }
}
