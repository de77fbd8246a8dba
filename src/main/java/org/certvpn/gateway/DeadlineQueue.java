package org.certvpn.gateway;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The timers of one shard: a heap of (deadline, owner) with lazy deletion. After anything touches an
 * engine or session the shard calls {@link #reschedule}; a heap entry whose deadline no longer matches its
 * owner's scheduled deadline is stale and skipped when it surfaces. Not thread-safe: shard thread only.
 */
final class DeadlineQueue {
    private record Entry(long deadline, Timed owner) {}

    private final PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
    private final Map<Timed, Long> scheduled = new IdentityHashMap<>();

    /** Reads the owner's next deadline and makes sure it is in the heap. */
    void reschedule(Timed owner) {
        long d = owner.nextDeadline();
        Long current = scheduled.get(owner);
        if (current != null && current == d) {
            return;
        }
        if (d == Long.MAX_VALUE) {
            scheduled.remove(owner);
            return;
        }
        scheduled.put(owner, d);
        heap.add(new Entry(d, owner));
    }

    /** Forgets an owner that is gone; its heap entries become stale. */
    void remove(Timed owner) {
        scheduled.remove(owner);
    }

    /** The earliest live deadline, or {@link Long#MAX_VALUE}. */
    long earliest() {
        while (!heap.isEmpty()) {
            Entry e = heap.peek();
            Long current = scheduled.get(e.owner);
            if (current != null && current == e.deadline) {
                return e.deadline;
            }
            heap.poll();
        }
        return Long.MAX_VALUE;
    }

    /** Fires every owner whose deadline is at or before {@code now}, rescheduling each afterwards. */
    void fire(long now) {
        while (true) {
            long first = earliest();
            if (first > now) {
                return;
            }
            Entry e = heap.poll();
            scheduled.remove(e.owner);
            e.owner.onTimer(now);
            reschedule(e.owner);
        }
    }

    int size() {
        return scheduled.size();
    }
}
