package org.certvpn.gateway;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Gateway-level counters that many threads bump; read by {@code status} and the metrics endpoint. */
final class GatewayCounters {
    private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);
    final LongAdder packetsIn = new LongAdder();
    final LongAdder packetsOut = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder authFailures = new LongAdder();
    final LongAdder sessionsStarted = new LongAdder();
    final LongAdder handshakesSucceeded = new LongAdder();

    GatewayCounters() {
        for (DropReason r : DropReason.values()) {
            drops.put(r, new LongAdder());
        }
    }

    void drop(DropReason reason) {
        drops.get(reason).increment();
    }

    long drops(DropReason reason) {
        return drops.get(reason).sum();
    }
}
