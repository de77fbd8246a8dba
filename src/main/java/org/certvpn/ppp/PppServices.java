package org.certvpn.ppp;

import java.util.random.RandomGenerator;
import org.certvpn.ppp.auth.AuthThrottle;
import org.certvpn.ppp.auth.CredentialVerifier;

/**
 * What every PPP session of the gateway shares: credential checks, addresses, the failure throttle and
 * randomness (a {@code SecureRandom} in production, a seeded generator in tests). All thread-safe.
 */
public record PppServices(CredentialVerifier verifier, AddressAllocator addresses, AuthThrottle throttle,
        RandomGenerator random) {}
