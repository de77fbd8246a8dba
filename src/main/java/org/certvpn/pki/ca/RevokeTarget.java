package org.certvpn.pki.ca;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/** Which certificate(s) {@link CaStore#revoke} revokes. */
public sealed interface RevokeTarget {
    /** One certificate of any kind but the CA's own. */
    record BySerial(BigInteger serial) implements RevokeTarget {
        public BySerial {
            Objects.requireNonNull(serial, "serial");
        }
    }

    /** Every unrevoked client certificate of user {@code cn} on {@code device} (or without a device name). */
    record ByName(String cn, Optional<String> device) implements RevokeTarget {
        public ByName {
            Objects.requireNonNull(cn, "cn");
            Objects.requireNonNull(device, "device");
        }
    }
}
