package org.certvpn.ike.v1;

import org.certvpn.crypto.DhGroup;
import org.certvpn.ike.wire.IpsecAttribute;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;

/**
 * One ESP transform, decoded: cipher, integrity, encapsulation mode, PFS group (null without PFS) and
 * lifetimes (RFC 2407 §4.5: 28800 s when the peer names none).
 */
record Phase2Proposal(EspCipher cipher, EspIntegrity integrity, int mode, DhGroup pfsGroup, long lifetimeSeconds,
        long lifetimeKilobytes) {

    String describe() {
        return cipher + "/" + integrity + "/" + IpsecAttribute.modeName(mode) + (pfsGroup != null ? "/PFS " + pfsGroup : "");
    }
}
