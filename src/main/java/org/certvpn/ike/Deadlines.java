package org.certvpn.ike;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * When each of many things next needs attention, ordered by time: one live deadline per key, moved
 * earlier by scheduling again, later by letting the early one fire and rescheduling. Entries made stale by
 * a reschedule or cancel are skipped lazily, so every operation is O(log n).
 *
 * @param <K> what a deadline belongs to (compared by {@code equals})
 */
public final class Deadlines<K> {
    private record Entry<K>(long at, K key) {}

    private final PriorityQueue<Entry<K>> queue = new PriorityQueue<>(Comparator.comparingLong(Entry::at));
    private final Map<K, Long> live = new HashMap<>();

    /** Arms {@code key} for {@code at} unless it is already due earlier; {@code Long.MAX_VALUE} means never. */
    public void schedule(K key, long at) {
        if (at == Long.MAX_VALUE) {
            return;
        }
        Long current = live.get(key);
        if (current != null && current <= at) {
            return;
        }
        live.put(key, at);
        queue.add(new Entry<>(at, key));
    }

    public void cancel(K key) {
        live.remove(key);
    }

    /** The earliest live deadline, or {@code Long.MAX_VALUE}. */
    public long next() {
        dropStale();
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at();
    }

    /** The next key due at or before {@code now} (disarmed), or null. */
    public K pollDue(long now) {
        dropStale();
        if (queue.isEmpty() || queue.peek().at() > now) {
            return null;
        }
        Entry<K> e = queue.poll();
        live.remove(e.key());
        return e.key();
    }

    public int size() {
        return live.size();
    }

    private void dropStale() {
        while (!queue.isEmpty()) {
            Entry<K> e = queue.peek();
            Long at = live.get(e.key());
            if (at != null && at == e.at()) {
                return;
            }
            queue.poll();
        }
    }
}
