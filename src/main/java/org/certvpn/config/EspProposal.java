package org.certvpn.config;

import java.util.Objects;
import java.util.Optional;
import org.certvpn.crypto.DhGroup;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;

/**
 * One acceptable ESP (Quick Mode) transform, printed in strongSwan's syntax ({@code aes128-sha1}, or
 * {@code aes128-sha1-modp2048} when it names a PFS group).
 *
 * @param pfsGroup the DH group for PFS when the proposal names one; empty means "any group the IKE
 *     proposals allow, or none"
 */
public record EspProposal(EspCipher cipher, EspIntegrity integrity, Optional<DhGroup> pfsGroup) {
    public EspProposal {
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(pfsGroup, "pfsGroup");
    }

    public EspProposal(EspCipher cipher, EspIntegrity integrity) {
        this(cipher, integrity, Optional.empty());
    }

    /** True when any part belongs to the "legacy clients" set (MODP1024, MD5, 3DES). */
    public boolean legacy() {
        return cipher.legacy() || integrity.legacy() || pfsGroup.map(DhGroup::legacy).orElse(false);
    }

    @Override
    public String toString() {
        return AlgorithmNames.name(cipher) + "-" + AlgorithmNames.name(integrity)
                + pfsGroup.map(g -> "-" + AlgorithmNames.name(g)).orElse("");
    }
}
