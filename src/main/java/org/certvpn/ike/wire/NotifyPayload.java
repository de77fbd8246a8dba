package org.certvpn.ike.wire;

import java.util.Objects;

/**
 * Notification payload (RFC 2408 §3.14).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !              Domain of Interpretation  (DOI)                  !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !  Protocol-ID  !   SPI Size    !      Notify Message Type      !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                Security Parameter Index (SPI)                 ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       Notification Data                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record NotifyPayload(int doi, int protocolId, Octets spi, NotifyType notifyType, Octets data)
        implements Payload {
    public NotifyPayload {
        Objects.requireNonNull(spi, "spi");
        Objects.requireNonNull(notifyType, "notifyType");
        Objects.requireNonNull(data, "data");
        if (spi.length() > 255) {
            throw new IllegalArgumentException("SPI longer than 255 bytes");
        }
    }

    @Override
    public PayloadType type() {
        return PayloadType.NOTIFICATION;
    }
}
