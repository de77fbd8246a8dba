package org.certvpn.gateway;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import org.certvpn.esp.InboundSa;

/**
 * Which inbound SAs received ESP since the last look, so that DPD probes only the SAs that went silent.
 *
 * <p>Judged per SA by its packet counter, never per peer: a client that is not behind NAT sends raw ESP,
 * and raw ESP peers are keyed by address alone, so after a phone restarts without INITIAL-CONTACT its new
 * SA and its dead old one share a peer. Crediting the peer's traffic to both kept the dead SA alive for
 * as long as the new one was busy (seen with strongSwan clients reconnecting in the interop lab).
 */
final class EspActivity {
    private Map<InboundSa, Long> seen = new IdentityHashMap<>();

    /**
     * Calls {@code active} with the SPI of every SA in {@code current} whose packet count rose since the
     * previous call (or that has packets at its first sighting); SAs no longer listed are forgotten.
     */
    void report(Iterable<InboundSa> current, IntConsumer active) {
        Map<InboundSa, Long> next = new IdentityHashMap<>();
        for (InboundSa sa : current) {
            long packets = sa.packets();
            Long before = seen.get(sa);
            if (packets > (before == null ? 0 : before)) {
                active.accept(sa.spi());
            }
            next.put(sa, packets);
        }
        seen = next;
    }
}
