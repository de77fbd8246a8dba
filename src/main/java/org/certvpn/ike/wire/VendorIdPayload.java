package org.certvpn.ike.wire;

import java.util.Objects;

/** Vendor ID payload (RFC 2408 §3.16): capability markers such as NAT-T, DPD and fragmentation. */
public record VendorIdPayload(Octets data) implements Payload {
    public VendorIdPayload {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.VENDOR_ID;
    }
}
