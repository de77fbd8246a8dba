package org.certvpn.config;

import java.util.List;
import java.util.Objects;

/**
 * A pre-shared key and the identities it is for, as one {@code ipsec.secrets} line. An empty list or
 * {@link PeerId.Any} means any peer. Lookup (done by IKE): an entry naming the peer's ID beats one
 * naming its address, which beats {@code %any}; among equals the first in the file wins.
 */
public record PreSharedKey(List<PeerId> ids, Secret secret) {
    public PreSharedKey {
        ids = List.copyOf(ids);
        Objects.requireNonNull(secret, "secret");
    }

    /** True when this entry applies to any peer. */
    public boolean forAnyPeer() {
        return ids.isEmpty() || ids.stream().allMatch(id -> id instanceof PeerId.Any);
    }
}
