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

    QuickModeExchange(int messageId) {
        this.messageId = messageId;
    }

    abstract void process(long now, IsakmpHeader header, byte[] datagram) throws ExchangeFailure, MalformedPacketException;
}
