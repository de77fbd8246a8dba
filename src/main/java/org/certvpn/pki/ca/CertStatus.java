package org.certvpn.pki.ca;

import java.util.Locale;

/** A certificate's state at a given time, as {@code ca list} shows it. */
public enum CertStatus {
    VALID,
    EXPIRED,
    REVOKED;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
