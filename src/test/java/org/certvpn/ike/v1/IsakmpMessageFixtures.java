package org.certvpn.ike.v1;

/** Captured-shape first messages for tests that feed the engine raw datagrams. */
final class IsakmpMessageFixtures {
    /** Windows 10/11 Main Mode message 1 (see the codec test for its decoding). */
    static final String WINDOWS_MM1 = """
            a1b2c3d4e5f6071800000000000000000110020000000000000001980d0000d4
            0000000100000001000000c801010005030000280101000080010007800e0100
            800200028003000180040014800b0001000c0004000070800300002802010000
            80010007800e0080800200028003000180040013800b0001000c000400007080
            030000280301000080010007800e010080020002800300018004000e800b0001
            000c00040000708003000024040100008001000580020002800300018004000e
            800b0001000c0004000070800000002405010000800100058002000280030001
            80040002800b0001000c0004000070800d00001801528bbbc00696121849ab9a
            1c5b2a51000000010d0000181e2b516905991c7d7c96fcbfb587e46100000009
            0d0000144a131c81070358455c5728f20e95452f0d00001490cb80913ebb696e
            086381b5ec427b1f0d0000144048b7d56ebce88525e7de7f00d6c2d30d000014
            fb1de3cdf341b7ea16b7e5be0855f1200d00001426244d38eddb61b3172a36e3
            d0cfb81900000014e3a5966a76379fe707228231e5ce8652
            """;

    private IsakmpMessageFixtures() {}

    /** The Windows MM1 with another initiator cookie. */
    static byte[] windowsMm1(long cookie) {
        byte[] b = org.certvpn.common.Hex.decode(WINDOWS_MM1);
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (cookie >>> (56 - 8 * i));
        }
        return b;
    }
}
