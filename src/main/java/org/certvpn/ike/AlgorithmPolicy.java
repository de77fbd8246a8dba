package org.certvpn.ike;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.IkeHash;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;

/**
 * Which algorithms the gateway accepts, for the IKE SA and for ESP. The weak ones (MODP1024, MD5, 3DES)
 * form the "legacy clients" set: on by default because Android's built-in L2TP client offers nothing
 * else, and switched off as a whole with {@code allowLegacy = false}.
 */
public record AlgorithmPolicy(
        Set<IkeCipher> ikeCiphers,
        Set<IkeHash> ikeHashes,
        Set<DhGroup> dhGroups,
        Set<EspCipher> espCiphers,
        Set<EspIntegrity> espIntegrity,
        boolean allowLegacy) {

    public AlgorithmPolicy {
        ikeCiphers = Set.copyOf(ikeCiphers);
        ikeHashes = Set.copyOf(ikeHashes);
        dhGroups = Set.copyOf(dhGroups);
        espCiphers = Set.copyOf(espCiphers);
        espIntegrity = Set.copyOf(espIntegrity);
    }

    /** Everything CertVPN implements, legacy set included. */
    public static AlgorithmPolicy defaults() {
        return new AlgorithmPolicy(EnumSet.allOf(IkeCipher.class), EnumSet.allOf(IkeHash.class),
                EnumSet.allOf(DhGroup.class), EnumSet.allOf(EspCipher.class), EnumSet.allOf(EspIntegrity.class), true);
    }

    public AlgorithmPolicy withLegacy(boolean allow) {
        return new AlgorithmPolicy(ikeCiphers, ikeHashes, dhGroups, espCiphers, espIntegrity, allow);
    }

    public boolean allows(IkeCipher c) {
        return c != null && ikeCiphers.contains(c) && (allowLegacy || !c.legacy());
    }

    public boolean allows(IkeHash h) {
        return h != null && ikeHashes.contains(h) && (allowLegacy || !h.legacy());
    }

    public boolean allows(DhGroup g) {
        return g != null && dhGroups.contains(g) && (allowLegacy || !g.legacy());
    }

    public boolean allows(EspCipher c) {
        return c != null && espCiphers.contains(c) && (allowLegacy || !c.legacy());
    }

    public boolean allows(EspIntegrity i) {
        return i != null && espIntegrity.contains(i) && (allowLegacy || !i.legacy());
    }

    /** The accepted IKE algorithms as one line for "no proposal chosen" traces. */
    public String describeIke() {
        List<String> parts = new ArrayList<>();
        ikeCiphers.stream().filter(this::allows).sorted().forEach(c -> parts.add(c.name()));
        ikeHashes.stream().filter(this::allows).sorted().forEach(h -> parts.add(h.name()));
        dhGroups.stream().filter(this::allows).sorted().forEach(g -> parts.add(g.name()));
        return String.join(" ", parts);
    }

    public String describeEsp() {
        List<String> parts = new ArrayList<>();
        espCiphers.stream().filter(this::allows).sorted().forEach(c -> parts.add(c.name()));
        espIntegrity.stream().filter(this::allows).sorted().forEach(i -> parts.add(i.name()));
        return String.join(" ", parts);
    }
}
