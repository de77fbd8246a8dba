package org.certvpn.gateway;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Gateway-level counters that many threads bump; read by {@code status} and the metrics endpoint. */
final class GatewayCounters {
    private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);
    final LongAdder authFailures = new LongAdder();
    final LongAdder sessionsStarted = new LongAdder();

    GatewayCounters() {
        for (DropReason r : DropReason.values()) {
            drops.put(r, new LongAdder());
        }
    }

    private org.certvpn.metrics.GatewayMetrics metrics;

    void metrics(org.certvpn.metrics.GatewayMetrics m) {
        this.metrics = m;
    }

    void drop(DropReason reason) {
        drops.get(reason).increment();
        if (metrics != null) {
            metrics.drop(switch (reason) {
                case NO_SESSION -> org.certvpn.metrics.DropReason.NO_SESSION;
                case NETWORK_NOT_UP -> org.certvpn.metrics.DropReason.NOT_READY;
                case SPOOFED_SOURCE -> org.certvpn.metrics.DropReason.SPOOFED_SOURCE;
                case CLIENT_ISOLATION -> org.certvpn.metrics.DropReason.ISOLATED;
                case MALFORMED, NOT_L2TP -> org.certvpn.metrics.DropReason.MALFORMED;
                case NO_PEER -> org.certvpn.metrics.DropReason.WRONG_PEER;
                default -> org.certvpn.metrics.DropReason.OTHER;
            });
        }
    }

    long drops(DropReason reason) {
        return drops.get(reason).sum();
    }
}
