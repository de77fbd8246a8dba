package org.certvpn.ipsec;

import java.util.Objects;

/**
 * Everything the ESP layer needs to install one negotiated pair of SAs: what IKE (v1 Quick Mode now,
 * IKEv2 CREATE_CHILD_SA later) hands to ESP. Inbound means traffic the gateway receives.
 *
 * <p>Per RFC 2409 §5.5, each direction's keys derive from the SPI of the SA that receives that traffic,
 * so {@code inbound*} keys belong to {@code inboundSpi} (chosen by us) and {@code outbound*} keys to
 * {@code outboundSpi} (chosen by the peer).
 *
 * @param inboundSpi SPI the peer puts on packets it sends us
 * @param outboundSpi SPI we put on packets we send
 * @param mode transport (L2TP/IPsec) or tunnel (IKEv2 road warriors)
 * @param udpEncapsulated ESP-in-UDP on port 4500 (RFC 3948) rather than IP protocol 50
 * @param lifetimeSeconds negotiated lifetime; 0 for none
 * @param lifetimeKilobytes negotiated volume lifetime; 0 for none
 */
public record ChildSaKeys(
        int inboundSpi,
        int outboundSpi,
        EspCipher cipher,
        EspIntegrity integrity,
        byte[] inboundEncryptionKey,
        byte[] inboundIntegrityKey,
        byte[] outboundEncryptionKey,
        byte[] outboundIntegrityKey,
        Mode mode,
        boolean udpEncapsulated,
        long lifetimeSeconds,
        long lifetimeKilobytes) {

    public enum Mode { TRANSPORT, TUNNEL }

    public ChildSaKeys {
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(mode, "mode");
        checkLength("inbound encryption key", inboundEncryptionKey, cipher.keyLength());
        checkLength("outbound encryption key", outboundEncryptionKey, cipher.keyLength());
        checkLength("inbound integrity key", inboundIntegrityKey, integrity.keyLength());
        checkLength("outbound integrity key", outboundIntegrityKey, integrity.keyLength());
        inboundEncryptionKey = inboundEncryptionKey.clone();
        inboundIntegrityKey = inboundIntegrityKey.clone();
        outboundEncryptionKey = outboundEncryptionKey.clone();
        outboundIntegrityKey = outboundIntegrityKey.clone();
    }

    private static void checkLength(String what, byte[] key, int expected) {
        Objects.requireNonNull(key, what);
        if (key.length != expected) {
            throw new IllegalArgumentException(what + " is " + key.length + " bytes, expected " + expected);
        }
    }

    @Override
    public byte[] inboundEncryptionKey() { return inboundEncryptionKey.clone(); }
    @Override
    public byte[] inboundIntegrityKey() { return inboundIntegrityKey.clone(); }
    @Override
    public byte[] outboundEncryptionKey() { return outboundEncryptionKey.clone(); }
    @Override
    public byte[] outboundIntegrityKey() { return outboundIntegrityKey.clone(); }

    /**
     * Overwrites this object's copies of the keys with zeros, once whoever installs them has taken its own
     * (the ESP layer builds its key objects from them): the IKE engine calls it when the child SA is deleted.
     * Afterwards the key accessors return zeros.
     */
    public void destroy() {
        java.util.Arrays.fill(inboundEncryptionKey, (byte) 0);
        java.util.Arrays.fill(inboundIntegrityKey, (byte) 0);
        java.util.Arrays.fill(outboundEncryptionKey, (byte) 0);
        java.util.Arrays.fill(outboundIntegrityKey, (byte) 0);
    }

    @Override
    public String toString() {
        // Keys stay out of logs and traces.
        return "ChildSaKeys[in=" + String.format("%08x", inboundSpi) + ", out=" + String.format("%08x", outboundSpi)
                + ", " + cipher + "/" + integrity + ", " + mode + (udpEncapsulated ? "/UDP" : "") + "]";
    }
}
