package org.certvpn.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * The IKE pseudo-random function: HMAC of the negotiated hash (RFC 2409 §4: without a PRF attribute,
 * which no real client sends, the PRF is the HMAC version of the hash). Stateless; JCE underneath.
 */
public final class Prf {
    private final IkeHash hash;

    private Prf(IkeHash hash) {
        this.hash = hash;
    }

    public static Prf hmac(IkeHash hash) {
        return new Prf(Objects.requireNonNull(hash, "hash"));
    }

    public IkeHash hash() {
        return hash;
    }

    /** Output length in bytes. */
    public int length() {
        return hash.outputLength();
    }

    /** {@code prf(key, data[0] | data[1] | ...)}. */
    public byte[] compute(byte[] key, byte[]... data) {
        try {
            Mac mac = Mac.getInstance(hash.jceHmac());
            mac.init(new RawKey(key, hash.jceHmac()));
            for (byte[] d : data) {
                mac.update(d);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE lacks " + hash.jceHmac(), e);
        }
    }

    @Override
    public String toString() {
        return "PRF_HMAC_" + hash;
    }

    /**
     * A key object that, unlike {@code SecretKeySpec}, accepts any length including zero: the PRF is keyed
     * with nonces and pre-shared keys of whatever length the peer chose.
     */
    private record RawKey(byte[] bytes, String algorithm) implements SecretKey {
        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return bytes.clone();
        }
    }
}
