package org.certvpn.ike.v1;

import org.certvpn.ike.ChildSaInfo;
import org.certvpn.ipsec.ChildSaKeys;

/**
 * An installed IPsec SA pair. It belongs to the IKE SA that negotiated it until that one goes; then it
 * moves to a newer IKE SA of the same peer and identity (a Phase 1 rekey), or stays on its own until it
 * expires or the gateway removes it.
 */
final class ChildSa {
    final ChildSaInfo info;
    final ChildSaKeys keys;
    final long expiresAt;
    Ikev1Sa parent;

    ChildSa(ChildSaInfo info, ChildSaKeys keys, long expiresAt, Ikev1Sa parent) {
        this.info = info;
        this.keys = keys;
        this.expiresAt = expiresAt;
        this.parent = parent;
    }
}
