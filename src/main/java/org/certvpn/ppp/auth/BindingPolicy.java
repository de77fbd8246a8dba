package org.certvpn.ppp.auth;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.certvpn.identity.PeerIdentity;

/**
 * How the PPP user name must relate to the certificate the IPsec peer authenticated with, the link the
 * 2011 stack could not make (openswan and xl2tpd shared nothing).
 *
 * <ul>
 *   <li>{@link Mode#REQUIRE}: the PPP user name must equal the certificate's CN.
 *   <li>{@link Mode#MAP}: the PPP user name must be the CN itself or one of the names the mapping lists
 *       for that CN.
 *   <li>{@link Mode#OFF}: any user with the right secret may log in over any IPsec SA.
 * </ul>
 *
 * <p>A peer that authenticated with a pre-shared key has no certificate and so no CN; neither has a
 * session without IPsec (the L2TP test mode) or a certificate without a CN. Under REQUIRE and MAP
 * such peers are refused: a binding that a shared key could bypass would bind nothing. Operators who
 * serve PSK clients set the policy to OFF. Names compare exactly (case-sensitive), as chap-secrets does.
 */
public record BindingPolicy(Mode mode, Map<String, Set<String>> allowedUsersByCn) {
    public enum Mode {
        REQUIRE, MAP, OFF;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final BindingPolicy OFF = new BindingPolicy(Mode.OFF, Map.of());
    public static final BindingPolicy REQUIRE = new BindingPolicy(Mode.REQUIRE, Map.of());

    public BindingPolicy {
        allowedUsersByCn = Map.copyOf(allowedUsersByCn);
    }

    public static BindingPolicy map(Map<String, Set<String>> allowedUsersByCn) {
        return new BindingPolicy(Mode.MAP, allowedUsersByCn);
    }

    /** Why this PPP user may not log in over that IPsec identity; empty when allowed. */
    public Optional<String> refusal(String pppUser, Optional<PeerIdentity> ipsecIdentity) {
        if (mode == Mode.OFF) {
            return Optional.empty();
        }
        String prefix = "PPP user \"" + pppUser + "\" refused: ";
        String suffix = " (binding=" + mode.label() + ")";
        if (ipsecIdentity.isEmpty()) {
            return Optional.of(prefix + "the session has no IPsec identity to bind to" + suffix);
        }
        PeerIdentity identity = ipsecIdentity.get();
        if (identity.method() == PeerIdentity.AuthMethod.PRE_SHARED_KEY) {
            return Optional.of(prefix + "the IPsec peer \"" + identity.ikeId()
                    + "\" used a pre-shared key, which carries no certificate CN" + suffix);
        }
        if (identity.commonName().isEmpty()) {
            return Optional.of(prefix + "the certificate \"" + identity.ikeId() + "\" has no CN" + suffix);
        }
        String cn = identity.commonName().get();
        if (cn.equals(pppUser)) {
            return Optional.empty();
        }
        if (mode == Mode.MAP && allowedUsersByCn.getOrDefault(cn, Set.of()).contains(pppUser)) {
            return Optional.empty();
        }
        return Optional.of(prefix + "certificate CN is \"" + cn + "\"" + suffix);
    }
}
