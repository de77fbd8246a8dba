package org.certvpn.gateway;

import java.net.Inet4Address;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import org.certvpn.pool.AddressPool;
import org.certvpn.ppp.AddressAllocator;

/**
 * Who holds which client address. Dynamic addresses come from the pool; a user's static address is
 * taken over by that user's newest session, and the older holder is told to go (the seed's stale-session
 * problem: a reconnect must never be blocked by an old session). Releases only count when they come from
 * the current holder, so the old session's late release cannot free the new session's address.
 */
final class AddressLeases {
    private final AddressPool pool;
    private final Map<Integer, SessionContext> holders = new HashMap<>();
    private final BiConsumer<SessionContext, String> evict;

    /**
     * @param evict called (outside the lock) with an older session that lost its static address to a newer one
     */
    AddressLeases(AddressPool pool, BiConsumer<SessionContext, String> evict) {
        this.pool = pool;
        this.evict = evict;
    }

    AddressPool pool() {
        return pool;
    }

    /** The allocator one session's PPP link uses. */
    AddressAllocator forSession(SessionContext session) {
        return new AddressAllocator() {
            @Override
            public Optional<Inet4Address> allocate(String user, Optional<Inet4Address> staticAddress) {
                return AddressLeases.this.allocate(session, user, staticAddress);
            }

            @Override
            public void release(Inet4Address address) {
                AddressLeases.this.release(session, address);
            }
        };
    }

    Optional<Inet4Address> allocate(SessionContext session, String user, Optional<Inet4Address> staticAddress) {
        SessionContext previous = null;
        int address;
        synchronized (this) {
            if (staticAddress.isPresent()) {
                address = Ipv4Addresses.toInt(staticAddress.get());
                previous = holders.get(address);
                if (previous == null && pool.slotOf(address) >= 0 && !pool.claim(address)) {
                    return Optional.empty();
                }
            } else {
                OptionalInt a = pool.allocate();
                if (a.isEmpty()) {
                    return Optional.empty();
                }
                address = a.getAsInt();
            }
            holders.put(address, session);
        }
        if (previous != null && previous != session) {
            evict.accept(previous, "its static address " + Ipv4Addresses.text(address) + " was taken over by a new session of "
                    + user);
        }
        return Optional.of(Ipv4Addresses.fromInt(address));
    }

    synchronized void release(SessionContext session, Inet4Address address) {
        int a = Ipv4Addresses.toInt(address);
        if (holders.get(a) != session) {
            return;
        }
        holders.remove(a);
        if (pool.slotOf(a) >= 0) {
            pool.release(a);
        }
    }

    synchronized int leased() {
        return holders.size();
    }
}
