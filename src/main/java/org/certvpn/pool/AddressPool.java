package org.certvpn.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * IPv4 addresses for PPP peers: a dynamic range plus static reservations (addresses named for one user
 * in the user directory), each address owning a fixed slot index.
 *
 * <p>Slots {@code 0 .. range.size()-1} are the range's addresses in order; reserved addresses outside
 * the range follow. {@link #slotOf(int)} maps an address to its slot in O(1) without locking, so the
 * outbound router can keep a session array indexed by slot. Free dynamic slots sit in a FIFO ring:
 * allocation takes the longest-free address, so a just-released address (whose old flows may still
 * have packets in flight) is the last to be handed out again. An address is never leased twice: a
 * second claim of a leased address fails, and releasing an address that is not leased is refused.
 *
 * <p>Thread-safe: allocation and release synchronize on the pool; lookups read immutable arrays.
 */
public final class AddressPool {
    private final Ipv4Range range;
    /** slot -> address. */
    private final int[] slotAddress;
    /** slot -> reserved for a named user (never handed out dynamically). */
    private final boolean[] reserved;
    /** slot -> excluded (inside the range but not part of the pool, e.g. the gateway's own address). */
    private final boolean[] excluded;
    /** Open-addressing table for reserved addresses outside the range: key address, value slot + 1. */
    private final int[] outsideKeys;
    private final int[] outsideSlots;

    private final boolean[] leased;
    private final int[] freeRing;
    private int freeHead;
    private int freeCount;
    private int leasedCount;
    private long exhaustions;

    private AddressPool(Ipv4Range range, List<Integer> reservedAddresses, Set<Integer> excludedAddresses) {
        this.range = range;
        List<Integer> outside = new ArrayList<>();
        for (int a : reservedAddresses) {
            if (!range.contains(a)) {
                outside.add(a);
            }
        }
        int slots = range.size() + outside.size();
        slotAddress = new int[slots];
        reserved = new boolean[slots];
        excluded = new boolean[slots];
        leased = new boolean[slots];
        for (int i = 0; i < range.size(); i++) {
            slotAddress[i] = range.first() + i;
        }
        int tableSize = Integer.highestOneBit(Math.max(1, outside.size()) * 4 - 1) << 1;
        outsideKeys = new int[tableSize];
        outsideSlots = new int[tableSize];
        for (int i = 0; i < outside.size(); i++) {
            int slot = range.size() + i;
            slotAddress[slot] = outside.get(i);
            reserved[slot] = true;
            int h = mix(outside.get(i)) & (tableSize - 1);
            while (outsideSlots[h] != 0) {
                h = (h + 1) & (tableSize - 1);
            }
            outsideKeys[h] = outside.get(i);
            outsideSlots[h] = slot + 1;
        }
        for (int a : reservedAddresses) {
            if (range.contains(a)) {
                reserved[a - range.first()] = true;
            }
        }
        for (int a : excludedAddresses) {
            if (range.contains(a)) {
                excluded[a - range.first()] = true;
            }
        }
        freeRing = new int[range.size()];
        for (int i = 0; i < range.size(); i++) {
            if (!reserved[i] && !excluded[i]) {
                freeRing[freeCount++] = i;
            }
        }
    }

    /**
     * Builds a pool.
     *
     * @param range the dynamic range
     * @param reservedAddresses static addresses of named users, inside or outside the range; those inside
     *     are withheld from dynamic allocation
     * @param excludedAddresses addresses inside the range that are never handed out (the gateway's own
     *     tunnel address, for instance)
     */
    public static AddressPool of(Ipv4Range range, Collection<Integer> reservedAddresses,
            Collection<Integer> excludedAddresses) {
        Set<Integer> reservedSet = new LinkedHashSet<>(reservedAddresses);
        Set<Integer> excludedSet = new LinkedHashSet<>(excludedAddresses);
        for (int a : reservedSet) {
            if (excludedSet.contains(a)) {
                throw new IllegalArgumentException(Ipv4.format(a) + " is both reserved and excluded");
            }
        }
        return new AddressPool(range, List.copyOf(reservedSet), excludedSet);
    }

    public static AddressPool of(Ipv4Range range) {
        return of(range, List.of(), List.of());
    }

    /** Leases the longest-free dynamic address; empty (and counted) when the range is exhausted. */
    public synchronized OptionalInt allocate() {
        if (freeCount == 0) {
            exhaustions++;
            return OptionalInt.empty();
        }
        int slot = freeRing[freeHead];
        freeHead = (freeHead + 1) % freeRing.length;
        freeCount--;
        leased[slot] = true;
        leasedCount++;
        return OptionalInt.of(slotAddress[slot]);
    }

    /**
     * Leases a reserved static address. False when the address is not reserved in this pool or is
     * already leased (the same user connected twice: the caller decides which session wins).
     */
    public synchronized boolean claim(int address) {
        int slot = slotOf(address);
        if (slot < 0 || !reserved[slot] || leased[slot]) {
            return false;
        }
        leased[slot] = true;
        leasedCount++;
        return true;
    }

    /** Returns a leased address to the pool; false (and nothing changes) when it was not leased. */
    public synchronized boolean release(int address) {
        int slot = slotOf(address);
        if (slot < 0 || !leased[slot]) {
            return false;
        }
        leased[slot] = false;
        leasedCount--;
        if (!reserved[slot]) {
            freeRing[(freeHead + freeCount) % freeRing.length] = slot;
            freeCount++;
        }
        return true;
    }

    /** The slot of a pool address (dynamic or reserved), or -1 when the address is not in this pool. O(1). */
    public int slotOf(int address) {
        int offset = address - range.first();
        if (Integer.toUnsignedLong(offset) < range.size()) {
            return excluded[offset] ? -1 : offset;
        }
        int mask = outsideKeys.length - 1;
        int h = mix(address) & mask;
        while (outsideSlots[h] != 0) {
            if (outsideKeys[h] == address) {
                return outsideSlots[h] - 1;
            }
            h = (h + 1) & mask;
        }
        return -1;
    }

    /** The address of a slot. */
    public int addressOf(int slot) {
        return slotAddress[slot];
    }

    /** Number of slots: the size of the array the router indexes by {@link #slotOf(int)}. */
    public int slots() {
        return slotAddress.length;
    }

    public synchronized boolean isLeased(int address) {
        int slot = slotOf(address);
        return slot >= 0 && leased[slot];
    }

    public boolean isReserved(int address) {
        int slot = slotOf(address);
        return slot >= 0 && reserved[slot];
    }

    /** Dynamic addresses still free. */
    public synchronized int free() {
        return freeCount;
    }

    public synchronized int leased() {
        return leasedCount;
    }

    /** How many dynamic allocations failed because the range was exhausted. */
    public synchronized long exhaustions() {
        return exhaustions;
    }

    public Ipv4Range range() {
        return range;
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
