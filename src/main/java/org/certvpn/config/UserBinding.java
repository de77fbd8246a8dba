package org.certvpn.config;

import java.util.Map;
import java.util.Objects;

/**
 * How the IPsec certificate must relate to the PPP user name (the link openswan and xl2tpd could not
 * make). Applies to certificate connections; PSK clients have no certificate to bind.
 *
 * @param mode the policy
 * @param map for {@link Mode#MAP}: certificate CN to the PPP user name it may log in as
 */
public record UserBinding(Mode mode, Map<String, String> map) {
    public enum Mode {
        /** The PPP user name must equal the certificate's CN. */
        REQUIRE,
        /** The PPP user name must be the one {@code map} gives for the certificate's CN. */
        MAP,
        /** No check: any PPP user over any accepted certificate. */
        OFF
    }

    public UserBinding {
        Objects.requireNonNull(mode, "mode");
        map = Map.copyOf(map);
    }

    public static UserBinding require() {
        return new UserBinding(Mode.REQUIRE, Map.of());
    }

    public static UserBinding off() {
        return new UserBinding(Mode.OFF, Map.of());
    }
}
