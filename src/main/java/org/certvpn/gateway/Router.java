package org.certvpn.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.certvpn.pool.AddressPool;

/**
 * Destination address → session, for the outbound data path. Pool addresses map to a slot array index
 * ({@link AddressPool#slotOf}) in O(1) without locks or allocation; static addresses outside the pool
 * fall back to a concurrent map.
 */
final class Router {
    private final AddressPool pool;
    private final AtomicReferenceArray<SessionContext> slots;
    private final ConcurrentHashMap<Integer, SessionContext> outside = new ConcurrentHashMap<>();

    Router(AddressPool pool) {
        this.pool = pool;
        this.slots = new AtomicReferenceArray<>(pool.slots());
    }

    SessionContext lookup(int address) {
        int slot = pool.slotOf(address);
        if (slot >= 0) {
            return slots.getPlain(slot) != null ? slots.get(slot) : null;
        }
        return outside.isEmpty() ? null : outside.get(address);
    }

    /** Points the address at the session; returns the session it pointed at before, if any. */
    SessionContext bind(int address, SessionContext session) {
        int slot = pool.slotOf(address);
        return slot >= 0 ? slots.getAndSet(slot, session) : outside.put(address, session);
    }

    /** Clears the address only if it still points at {@code session}. */
    void unbind(int address, SessionContext session) {
        int slot = pool.slotOf(address);
        if (slot >= 0) {
            slots.compareAndSet(slot, session, null);
        } else {
            outside.remove(address, session);
        }
    }
}
