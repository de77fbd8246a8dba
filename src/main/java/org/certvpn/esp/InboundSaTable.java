package org.certvpn.esp;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.random.RandomGenerator;

/**
 * SPI → {@link InboundSa}, read without locks on every packet, changed under a lock when IKE installs or
 * deletes an SA.
 *
 * <p>Open addressing with linear probing over an {@link AtomicReferenceArray}: a lookup reads slots with
 * acquire semantics and stops at the first empty one; writers only ever turn empty slots into entries and
 * entries into tombstones, so a concurrent lookup sees an entry or its absence, never a torn chain. Growing
 * (or purging tombstones) builds a new array and publishes it. Keys are ints, so nothing is boxed per lookup.
 *
 * <p>Our inbound SPIs are chosen by us: {@link #reserveSpi} picks an unused random one (never 1-255, which
 * RFC 4303 §2.1 reserves) and holds it until the SA is {@link #install installed} or {@link #release released},
 * so a Quick Mode responder can send its SPI before the keys exist.
 */
public final class InboundSaTable {
    private static final Object TOMBSTONE = new Object();
    private static final int MIN_CAPACITY = 64;

    /** Placeholder for a reserved SPI. */
    private record Reservation(int spi) {}

    private volatile AtomicReferenceArray<Object> slots = new AtomicReferenceArray<>(MIN_CAPACITY);
    private int live;
    private int used;

    /** The SA with this SPI, or null. Lock-free. */
    public InboundSa find(int spi) {
        AtomicReferenceArray<Object> s = slots;
        int mask = s.length() - 1;
        int i = mix(spi) & mask;
        for (int probes = 0; probes <= mask; probes++) {
            Object e = s.getAcquire(i);
            if (e == null) {
                return null;
            }
            if (e instanceof InboundSa sa && sa.spi() == spi) {
                return sa;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /**
     * Adds an SA, taking over its SPI's reservation if there is one.
     *
     * @return false if another SA already has the SPI (the table is unchanged)
     */
    public synchronized boolean install(InboundSa sa) {
        int at = indexOf(slots, sa.spi());
        if (at >= 0) {
            Object e = slots.get(at);
            if (e instanceof InboundSa) {
                return false;
            }
            slots.setRelease(at, sa);
            return true;
        }
        insert(sa);
        return true;
    }

    /**
     * Picks a random SPI no SA or reservation holds, outside the reserved range 1-255, and reserves it.
     */
    public synchronized int reserveSpi(RandomGenerator random) {
        while (true) {
            int spi = random.nextInt();
            if ((spi & 0xFFFF_FFFFL) < 256 || indexOf(slots, spi) >= 0) {
                continue;
            }
            insert(new Reservation(spi));
            return spi;
        }
    }

    /** Removes the SA or reservation holding {@code spi}; returns whether there was one. */
    public synchronized boolean release(int spi) {
        int at = indexOf(slots, spi);
        if (at < 0) {
            return false;
        }
        slots.setRelease(at, TOMBSTONE);
        live--;
        return true;
    }

    /** Removes exactly this SA (not a newer one that reuses its SPI). */
    public synchronized boolean remove(InboundSa sa) {
        int at = indexOf(slots, sa.spi());
        if (at < 0 || slots.get(at) != sa) {
            return false;
        }
        slots.setRelease(at, TOMBSTONE);
        live--;
        return true;
    }

    /** Installed SAs plus reservations. */
    public synchronized int size() {
        return live;
    }

    private void insert(Object entry) {
        if ((used + 1) * 2 > slots.length()) {
            rebuild();
        }
        AtomicReferenceArray<Object> s = slots;
        int mask = s.length() - 1;
        int i = mix(spiOf(entry)) & mask;
        while (true) {
            Object e = s.get(i);
            if (e == null || e == TOMBSTONE) {
                if (e == null) {
                    used++;
                }
                s.setRelease(i, entry);
                live++;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Rebuilds without tombstones, at a size that leaves the table at most a quarter full. */
    private void rebuild() {
        AtomicReferenceArray<Object> old = slots;
        int capacity = MIN_CAPACITY;
        while (capacity < (live + 1) * 4) {
            capacity <<= 1;
        }
        AtomicReferenceArray<Object> fresh = new AtomicReferenceArray<>(capacity);
        int mask = capacity - 1;
        for (int j = 0; j < old.length(); j++) {
            Object e = old.get(j);
            if (e != null && e != TOMBSTONE) {
                int i = mix(spiOf(e)) & mask;
                while (fresh.get(i) != null) {
                    i = (i + 1) & mask;
                }
                fresh.set(i, e);
            }
        }
        used = live;
        slots = fresh;
    }

    private static int indexOf(AtomicReferenceArray<Object> s, int spi) {
        int mask = s.length() - 1;
        int i = mix(spi) & mask;
        for (int probes = 0; probes <= mask; probes++) {
            Object e = s.get(i);
            if (e == null) {
                return -1;
            }
            if (e != TOMBSTONE && spiOf(e) == spi) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private static int spiOf(Object entry) {
        return entry instanceof InboundSa sa ? sa.spi() : ((Reservation) entry).spi();
    }

    private static int mix(int spi) {
        int h = spi * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
