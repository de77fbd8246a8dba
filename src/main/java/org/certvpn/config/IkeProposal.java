package org.certvpn.config;

import java.util.Objects;
import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.IkeHash;

/**
 * One acceptable IKE (phase 1) transform: cipher, hash (which is also the PRF in IKEv1) and DH group.
 * Written and printed in strongSwan's syntax, for example {@code aes256-sha256-modp2048}.
 */
public record IkeProposal(IkeCipher cipher, IkeHash hash, DhGroup group) {
    public IkeProposal {
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(group, "group");
    }

    /** True when any part belongs to the "legacy clients" set (MODP1024, MD5, 3DES). */
    public boolean legacy() {
        return cipher.legacy() || hash.legacy() || group.legacy();
    }

    @Override
    public String toString() {
        return AlgorithmNames.name(cipher) + "-" + AlgorithmNames.name(hash) + "-" + AlgorithmNames.name(group);
    }
}
