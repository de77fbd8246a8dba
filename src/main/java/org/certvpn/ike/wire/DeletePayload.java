package org.certvpn.ike.wire;

import java.util.List;
import java.util.Objects;

/**
 * Delete payload (RFC 2408 §3.15): SPIs of one protocol that the sender has deleted. For the ISAKMP SA
 * the SPI is the 16-byte cookie pair.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !              Domain of Interpretation  (DOI)                  !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !  Protocol-Id  !   SPI Size    !           # of SPIs           !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~               Security Parameter Index(es) (SPI)              ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record DeletePayload(int doi, int protocolId, int spiSize, List<Octets> spis) implements Payload {
    public DeletePayload {
        spis = List.copyOf(spis);
        for (Octets spi : spis) {
            if (spi.length() != spiSize) {
                throw new IllegalArgumentException("SPI of " + spi.length() + " bytes in a delete of size " + spiSize);
            }
        }
        if (spiSize < 0 || spiSize > 255 || spis.size() > 0xffff) {
            throw new IllegalArgumentException("delete payload out of range");
        }
        Objects.requireNonNull(spis, "spis");
    }

    @Override
    public PayloadType type() {
        return PayloadType.DELETE;
    }
}
