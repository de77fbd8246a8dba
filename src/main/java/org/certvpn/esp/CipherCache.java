package org.certvpn.esp;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.IvParameterSpec;

/**
 * A thread's keyed CBC {@link Cipher} objects for one transformation and direction, direct-mapped by SA.
 *
 * <p>Re-keying a JCE cipher costs little time but allocates (the key and IV are cloned and the AES round
 * keys rebuilt), so a thread keeps the ciphers of the SAs it served last, keyed, in {@value #SLOTS} slots.
 * A receive loop owns the peers the kernel hashes to it, so in steady state each packet finds its SA's
 * cipher ready and nothing is allocated. A miss re-keys the slot. The IV is never set through
 * {@code init}: CBC chaining is steered through the data instead ({@link EspContext}), and the slot
 * remembers the cipher's chaining register (its last ciphertext block) for that.
 *
 * <p>A slot keeps its SA (and so its keys) reachable until another SA takes the slot: at most
 * {@value #SLOTS} deleted SAs per cache linger this way.
 */
final class CipherCache {
    static final int SLOTS = 32;

    private final String transformation;
    private final int opmode;
    private final IvParameterSpec zeroIv;
    private final Object[] owners = new Object[SLOTS];
    private final Cipher[] ciphers = new Cipher[SLOTS];
    private final byte[][] registers = new byte[SLOTS][];
    private long misses;

    CipherCache(String transformation, int opmode, int blockSize) {
        this.transformation = transformation;
        this.opmode = opmode;
        this.zeroIv = new IvParameterSpec(new byte[blockSize]);
        for (int i = 0; i < SLOTS; i++) {
            registers[i] = new byte[blockSize];
        }
    }

    /** The slot holding a cipher keyed for {@code sa}, re-keying it if another SA had it. */
    int slotFor(SaKeys sa) {
        int slot = (sa.cacheHash >>> 27) & (SLOTS - 1);
        if (owners[slot] != sa) {
            rekey(slot, sa);
        }
        return slot;
    }

    Cipher cipher(int slot) {
        return ciphers[slot];
    }

    /** The cipher's CBC chaining register: the block it XORs into the next block it processes. */
    byte[] register(int slot) {
        return registers[slot];
    }

    long misses() {
        return misses;
    }

    private void rekey(int slot, SaKeys sa) {
        misses++;
        try {
            Cipher c = ciphers[slot];
            if (c == null) {
                c = Cipher.getInstance(transformation);
                ciphers[slot] = c;
            }
            owners[slot] = null;
            c.init(opmode, sa.encryptionKey, zeroIv);
            Arrays.fill(registers[slot], (byte) 0);
            owners[slot] = sa;
        } catch (NoSuchPaddingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + transformation, e);
        } catch (GeneralSecurityException e) {
            // SaKeys checked this key when the SA was built, so the JCE has accepted it before.
            throw new IllegalStateException("the JCE refused a key it accepted before", e);
        }
    }
}
