package org.certvpn.ike.v1;

import org.certvpn.common.MalformedPacketException;
import org.certvpn.ike.wire.IsakmpHeader;

/** A Phase 1 exchange in progress on one SA: it takes the peer's next message and answers it. */
interface Phase1Exchange {
    void process(long now, IsakmpHeader header, byte[] datagram) throws ExchangeFailure, MalformedPacketException;
}
