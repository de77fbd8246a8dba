package org.certvpn.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Packets and bytes of one direction. Safe and cheap to call from every data-path thread at once:
 * each call is two {@link LongAdder} updates, no lookup and no allocation. Fetch it once from
 * {@link GatewayMetrics#traffic(Direction)} and keep it in a field.
 */
public final class TrafficCounter {
    final LongAdder packets = new LongAdder();
    final LongAdder bytes = new LongAdder();

    TrafficCounter() {}

    /** One packet of {@code length} bytes (the inner IP packet's length) went through. */
    public void count(int length) {
        packets.increment();
        bytes.add(length);
    }

    public long packets() {
        return packets.sum();
    }

    public long bytes() {
        return bytes.sum();
    }
}
