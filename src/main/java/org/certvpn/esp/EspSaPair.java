package org.certvpn.esp;

import java.net.InetSocketAddress;
import java.util.random.RandomGenerator;
import org.certvpn.ipsec.ChildSaKeys;

/**
 * Both halves of one negotiated child SA, bound to one peer's outer address and port. This is what the
 * gateway keeps per L2TP/IPsec client: inbound in the {@link InboundSaTable}, outbound on the session.
 */
public record EspSaPair(InboundSa inbound, OutboundSa outbound) {

    /** The SA pair is deleted: see {@link SaKeys#destroy()}. */
    public void destroy() {
        inbound.destroy();
        outbound.destroy();
    }

    /**
     * Builds the pair IKE negotiated.
     *
     * @param peer outer address and port of the peer (after NAT); port 0 when ESP travels as IP protocol 50
     * @param random source of the outbound IV salt
     */
    public static EspSaPair create(ChildSaKeys keys, InetSocketAddress peer, RandomGenerator random) {
        return new EspSaPair(new InboundSa(keys, peer), new OutboundSa(keys, peer, random));
    }
}
