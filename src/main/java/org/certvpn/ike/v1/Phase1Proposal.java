package org.certvpn.ike.v1;

import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.IkeHash;
import org.certvpn.ike.wire.IkeAttribute;

/**
 * One ISAKMP SA transform, decoded: cipher, hash (also the PRF), DH group, authentication method and
 * lifetimes (0 when not given).
 */
record Phase1Proposal(IkeCipher cipher, IkeHash hash, DhGroup group, int authMethod, long lifetimeSeconds,
        long lifetimeKilobytes) {

    boolean psk() {
        return authMethod == IkeAttribute.AUTH_PRE_SHARED_KEY;
    }

    String describe() {
        return cipher + "/" + hash + "/" + group + "/" + IkeAttribute.authMethodName(authMethod);
    }
}
