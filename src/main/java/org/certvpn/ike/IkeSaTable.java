package org.certvpn.ike;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IKE SAs of one engine, for IKEv1 (cookie pairs) and IKEv2 (SPI pairs) alike: found by the SPI
 * pair, by serial, and — while the responder's SPI is unknown to the sender (a retransmitted first
 * message, an initiator awaiting the answer) — by the initiator's outer endpoint and SPI. Identity plays
 * no part: SAs of the same peer never collide, behind one NAT included.
 *
 * <p>It also counts half-open SAs (negotiations a responder has not finished) per source address and in
 * all, against {@link IkeSettings.Limits}.
 *
 * @param <S> the version's SA type
 */
public final class IkeSaTable<S> {
    private record SpiPair(long initiator, long responder) {}

    private record InitiatorKey(Endpoint peer, long initiatorSpi) {}

    private final IkeSettings.Limits limits;
    private final Map<SpiPair, S> bySpis = new HashMap<>();
    private final Map<InitiatorKey, S> byInitiator = new HashMap<>();
    private final Map<Long, S> bySerial = new LinkedHashMap<>();
    private final Map<InetAddress, Integer> halfOpenBySource = new HashMap<>();
    private int halfOpen;

    public IkeSaTable(IkeSettings.Limits limits) {
        this.limits = limits;
    }

    public S get(long initiatorSpi, long responderSpi) {
        return bySpis.get(new SpiPair(initiatorSpi, responderSpi));
    }

    public boolean contains(long initiatorSpi, long responderSpi) {
        return bySpis.containsKey(new SpiPair(initiatorSpi, responderSpi));
    }

    public S byInitiator(Endpoint peer, long initiatorSpi) {
        return byInitiator.get(new InitiatorKey(peer, initiatorSpi));
    }

    public S bySerial(long serial) {
        return bySerial.get(serial);
    }

    /** All SAs, oldest first. */
    public List<S> all() {
        return new ArrayList<>(bySerial.values());
    }

    /**
     * Adds an SA; {@code responderSpi} 0 while unknown. It is findable by initiator endpoint and SPI until
     * {@link #forgetInitiator}.
     */
    public void add(long serial, S sa, Endpoint peer, long initiatorSpi, long responderSpi) {
        bySerial.put(serial, sa);
        byInitiator.put(new InitiatorKey(peer, initiatorSpi), sa);
        if (responderSpi != 0) {
            bySpis.put(new SpiPair(initiatorSpi, responderSpi), sa);
        }
    }

    /** The responder's SPI became known (an initiator got the first answer). */
    public void bindResponderSpi(S sa, long initiatorSpi, long responderSpi) {
        bySpis.put(new SpiPair(initiatorSpi, responderSpi), sa);
    }

    public void forgetInitiator(Endpoint peer, long initiatorSpi) {
        byInitiator.remove(new InitiatorKey(peer, initiatorSpi));
    }

    public void remove(long serial, long initiatorSpi, long responderSpi, Endpoint peer) {
        S sa = bySerial.remove(serial);
        bySpis.remove(new SpiPair(initiatorSpi, responderSpi));
        byInitiator.remove(new InitiatorKey(peer, initiatorSpi));
        if (sa != null) {
            byInitiator.values().remove(sa);
        }
    }

    // ---- half-open accounting ----

    /** Half-open SAs from {@code source} so far, for traces. */
    public int halfOpenFrom(InetAddress source) {
        return halfOpenBySource.getOrDefault(source, 0);
    }

    public int halfOpen() {
        return halfOpen;
    }

    /** Whether a new negotiation from {@code source} stays within the per-source and global limits. */
    public boolean admitsHalfOpen(InetAddress source) {
        return halfOpenFrom(source) < limits.halfOpenPerSource() && halfOpen < limits.halfOpenGlobal();
    }

    public void openHalf(InetAddress source) {
        halfOpen++;
        halfOpenBySource.merge(source, 1, Integer::sum);
    }

    public void closeHalf(InetAddress source) {
        halfOpen--;
        halfOpenBySource.computeIfPresent(source, (k, v) -> v <= 1 ? null : v - 1);
    }
}
