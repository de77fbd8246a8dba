package org.certvpn.ppp;

import java.net.Inet4Address;
import java.util.Optional;

/**
 * Where the gateway's PPP sessions get peer addresses (the gateway backs it with
 * {@code pool.AddressPool}). Shared by every session: implementations are thread-safe.
 */
public interface AddressAllocator {
    /**
     * An address for this user: its static address when it has one, else one from the pool. Empty when
     * none is free (pool exhausted, or the static address is still held by another session).
     */
    Optional<Inet4Address> allocate(String user, Optional<Inet4Address> staticAddress);

    /** Gives an address back; called exactly once per successful {@link #allocate}. */
    void release(Inet4Address address);
}
