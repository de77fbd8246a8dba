package org.certvpn.ike.v1;

import java.util.List;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.ike.wire.IsakmpHeader;

/** One Quick Mode (one M-ID) on an established SA, responder or initiator side. */
abstract class QuickModeExchange {
    final int messageId;
    /** The peer's latest message and our answer to it, for retransmissions. */
    byte[] lastRequest;
    List<byte[]> lastResponse = List.of();
    boolean finished;
    long finishedAt;
    final long startedAt;
    /** Our inbound SPI while the exchange runs; released if it never completes. */
    int reservedSpi;
    /**
     * Responder: when to send message 2 again if message 3 has not come. Nothing else would recover a lost
     * message 3: the initiator has installed its SAs and waits for nothing (RFC 2409 §5.5), so only our
     * retransmission makes it send message 3 again (a copy of message 2 is answered from its cache).
     */
    long responseRetransmitAt = Long.MAX_VALUE;
    int responseRetransmits;

    QuickModeExchange(int messageId, long startedAt) {
        this.messageId = messageId;
        this.startedAt = startedAt;
    }

    /**
     * When this exchange needs the timer: the end of its linger time, or its negotiation deadline or next
     * retransmission.
     */
    long deadline(long lingerMillis, long timeoutMillis) {
        return finished ? finishedAt + lingerMillis : Math.min(startedAt + timeoutMillis, responseRetransmitAt);
    }

    abstract void process(long now, IsakmpHeader header, byte[] datagram) throws ExchangeFailure, MalformedPacketException;
}
