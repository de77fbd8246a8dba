package org.certvpn.esp;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.certvpn.ipsec.ChildSaKeys;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;

/** Mirrored SA pairs: what the gateway seals, the client opens, and back. */
final class TestSas {
    final ChildSaKeys gatewayKeys;
    final ChildSaKeys clientKeys;
    final EspSaPair gateway;
    final EspSaPair client;

    TestSas(EspCipher cipher, EspIntegrity integrity, long seed, InetSocketAddress clientAddress,
            InetSocketAddress gatewayAddress) {
        this(cipher, integrity, seed, clientAddress, gatewayAddress, ChildSaKeys.Mode.TRANSPORT);
    }

    TestSas(EspCipher cipher, EspIntegrity integrity, long seed, InetSocketAddress clientAddress,
            InetSocketAddress gatewayAddress, ChildSaKeys.Mode mode) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] encIn = bytes(random, cipher.keyLength());
        byte[] encOut = bytes(random, cipher.keyLength());
        byte[] intIn = bytes(random, integrity.keyLength());
        byte[] intOut = bytes(random, integrity.keyLength());
        int spiIn = 0x1000_0000 | random.nextInt(0x0FFF_FFFF);
        int spiOut = 0x2000_0000 | random.nextInt(0x0FFF_FFFF);
        gatewayKeys = new ChildSaKeys(spiIn, spiOut, cipher, integrity, encIn, intIn, encOut, intOut, mode, true,
                28800, 0);
        clientKeys = new ChildSaKeys(spiOut, spiIn, cipher, integrity, encOut, intOut, encIn, intIn, mode, true,
                28800, 0);
        gateway = EspSaPair.create(gatewayKeys, clientAddress, random);
        client = EspSaPair.create(clientKeys, gatewayAddress, random);
    }

    static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
