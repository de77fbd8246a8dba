package org.certvpn.ike.v1;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.certvpn.ike.SpiAllocator;

/**
 * The installed child SAs by our inbound SPI and by the IKE SA they belong to, and the inbound SPIs reserved
 * by Quick Modes still in progress, so that every SPI we hand out is random and unique. Every lookup is by
 * key: DPD asks for an IKE SA's children once per delay and SA, which a scan would make cost the number of
 * tunnels each time.
 */
final class ChildSaTable {
    private final Map<Integer, ChildSa> bySpi = new HashMap<>();
    /** Children by parent; those whose IKE SA is gone without an heir are under {@code null}. */
    private final Map<Ikev1Sa, List<ChildSa>> byParent = new IdentityHashMap<>();
    private final Set<Integer> reserved = new HashSet<>();
    private final SpiAllocator shared;

    /** @param shared the gateway-wide allocator, or null for SPIs unique within this engine only */
    ChildSaTable(SpiAllocator shared) {
        this.shared = shared;
    }

    /** A fresh random inbound SPI above the reserved range 0-255 (RFC 4303 §2.1), held until installed or released. */
    int reserve(RandomGenerator random) {
        int spi;
        do {
            spi = shared != null ? shared.reserve(random) : random.nextInt();
        } while ((spi & 0xffffffffL) < 256 || bySpi.containsKey(spi) || reserved.contains(spi));
        reserved.add(spi);
        return spi;
    }

    void release(int spi) {
        if (reserved.remove(spi) && shared != null) {
            shared.release(spi);
        }
    }

    void install(ChildSa child) {
        reserved.remove(child.info.inboundSpi());
        ChildSa replaced = bySpi.put(child.info.inboundSpi(), child);
        if (replaced != null) {
            unlink(replaced);
        }
        byParent.computeIfAbsent(child.parent, p -> new ArrayList<>(2)).add(child);
    }

    ChildSa get(int inboundSpi) {
        return bySpi.get(inboundSpi);
    }

    boolean isInstalled(ChildSa child) {
        return bySpi.get(child.info.inboundSpi()) == child;
    }

    void remove(ChildSa child) {
        if (bySpi.remove(child.info.inboundSpi(), child)) {
            unlink(child);
        }
    }

    /** Moves an installed child to another IKE SA, or to none ({@code null}: it stays until it expires). */
    void reparent(ChildSa child, Ikev1Sa heir) {
        if (isInstalled(child)) {
            unlink(child);
            child.parent = heir;
            byParent.computeIfAbsent(heir, p -> new ArrayList<>(2)).add(child);
        } else {
            child.parent = heir;
        }
    }

    private void unlink(ChildSa child) {
        List<ChildSa> siblings = byParent.get(child.parent);
        if (siblings != null) {
            siblings.remove(child);
            if (siblings.isEmpty()) {
                byParent.remove(child.parent);
            }
        }
    }

    /** The pair the peer means by {@code spi} in a DELETE among {@code candidates}: its inbound SPI (our outbound), or ours. */
    static ChildSa byPeerSpi(List<ChildSa> candidates, int spi) {
        for (ChildSa c : candidates) {
            if (c.info.outboundSpi() == spi || c.info.inboundSpi() == spi) {
                return c;
            }
        }
        return null;
    }

    /** The children of {@code parent} (a copy); {@code null} gives those left without an IKE SA. */
    List<ChildSa> of(Ikev1Sa parent) {
        List<ChildSa> mine = byParent.get(parent);
        return mine == null ? List.of() : List.copyOf(mine);
    }

    List<ChildSa> all() {
        return new ArrayList<>(bySpi.values());
    }
}
