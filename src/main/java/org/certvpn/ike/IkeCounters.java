package org.certvpn.ike;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters an IKE engine keeps for metrics: drops by reason, and retransmissions answered from cache. */
public final class IkeCounters {
    private final Map<DropReason, AtomicLong> drops = new EnumMap<>(DropReason.class);
    private final AtomicLong retransmitsAnswered = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    public IkeCounters() {
        for (DropReason r : DropReason.values()) {
            drops.put(r, new AtomicLong());
        }
    }

    public void drop(DropReason reason) {
        drops.get(reason).incrementAndGet();
    }

    public long drops(DropReason reason) {
        return drops.get(reason).get();
    }

    public long totalDrops() {
        return drops.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public void retransmitAnswered() {
        retransmitsAnswered.incrementAndGet();
    }

    public long retransmitsAnswered() {
        return retransmitsAnswered.get();
    }

    public void received() {
        received.incrementAndGet();
    }

    public long receivedDatagrams() {
        return received.get();
    }

    /** Non-zero drop counters by reason. */
    public Map<DropReason, Long> dropSnapshot() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        drops.forEach((r, n) -> {
            if (n.get() > 0) {
                out.put(r, n.get());
            }
        });
        return out;
    }
}
