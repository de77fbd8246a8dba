package org.certvpn.ike.v1;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.certvpn.ike.SpiAllocator;

/**
 * The installed child SAs by our inbound SPI, and the inbound SPIs reserved by Quick Modes still in
 * progress, so that every SPI we hand out is random and unique.
 */
final class ChildSaTable {
    private final Map<Integer, ChildSa> bySpi = new HashMap<>();
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
        bySpi.put(child.info.inboundSpi(), child);
    }

    ChildSa get(int inboundSpi) {
        return bySpi.get(inboundSpi);
    }

    boolean isInstalled(ChildSa child) {
        return bySpi.get(child.info.inboundSpi()) == child;
    }

    void remove(ChildSa child) {
        bySpi.remove(child.info.inboundSpi(), child);
    }

    /** The pair the peer means by {@code spi} in a DELETE: its inbound SPI (our outbound), or ours. */
    ChildSa byPeerSpi(int spi) {
        for (ChildSa c : bySpi.values()) {
            if (c.info.outboundSpi() == spi || c.info.inboundSpi() == spi) {
                return c;
            }
        }
        return null;
    }

    List<ChildSa> of(Ikev1Sa parent) {
        List<ChildSa> out = new ArrayList<>();
        for (ChildSa c : bySpi.values()) {
            if (c.parent == parent) {
                out.add(c);
            }
        }
        return out;
    }

    List<ChildSa> all() {
        return new ArrayList<>(bySpi.values());
    }
}
