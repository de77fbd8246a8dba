package org.certvpn.crypto;

import java.util.random.RandomGenerator;

/**
 * Where DH key pairs come from: injected into engines so that an exchange replays deterministically in
 * tests (a seeded generator) while production draws from a {@code SecureRandom}.
 */
@FunctionalInterface
public interface DhKeySource {
    DhKeyPair generate(DhGroup group);

    /** Key pairs whose private values are drawn from {@code random}. */
    static DhKeySource from(RandomGenerator random) {
        return group -> DiffieHellman.generate(group, random);
    }
}
