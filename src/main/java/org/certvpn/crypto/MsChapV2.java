package org.certvpn.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * The MS-CHAPv2 functions of RFC 2759 §8, as pure functions on byte arrays.
 *
 * <p>Names follow the RFC's pseudocode ({@code GenerateNTResponse}, {@code ChallengeHash},
 * {@code NtPasswordHash}, {@code ChallengeResponse}, {@code GenerateAuthenticatorResponse}) so each
 * can be read against §8 and checked against the §9.2 vectors. MD4 comes from Bouncy Castle (the JDK
 * has none); DES is the JDK's. The user name is the octets the peer sent in the CHAP Name field,
 * without any "DOMAIN\" prefix (§8.2: "Only the user name ... is used").
 */
public final class MsChapV2 {
    public static final int CHALLENGE_LENGTH = 16;
    public static final int NT_RESPONSE_LENGTH = 24;
    public static final int PASSWORD_HASH_LENGTH = 16;

    /** "Magic server to client signing constant" of §8.7. */
    private static final byte[] MAGIC1 = ascii("Magic server to client signing constant");
    /** "Pad to make it do more than one iteration" of §8.7. */
    private static final byte[] MAGIC2 = ascii("Pad to make it do more than one iteration");
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private MsChapV2() {}

    /** §8.1 GenerateNTResponse: the 24-octet NT-Response the peer sends. */
    public static byte[] generateNtResponse(byte[] authenticatorChallenge, byte[] peerChallenge, byte[] userName,
            byte[] passwordHash) {
        byte[] challenge = challengeHash(peerChallenge, authenticatorChallenge, userName);
        return challengeResponse(challenge, passwordHash);
    }

    /** §8.1 GenerateNTResponse from a clear-text password. */
    public static byte[] generateNtResponse(byte[] authenticatorChallenge, byte[] peerChallenge, byte[] userName,
            String password) {
        return generateNtResponse(authenticatorChallenge, peerChallenge, userName, ntPasswordHash(password));
    }

    /** §8.2 ChallengeHash: the first 8 octets of SHA-1(PeerChallenge | AuthenticatorChallenge | UserName). */
    public static byte[] challengeHash(byte[] peerChallenge, byte[] authenticatorChallenge, byte[] userName) {
        requireLength(peerChallenge, CHALLENGE_LENGTH, "peer challenge");
        requireLength(authenticatorChallenge, CHALLENGE_LENGTH, "authenticator challenge");
        MessageDigest sha1 = sha1();
        sha1.update(peerChallenge);
        sha1.update(authenticatorChallenge);
        sha1.update(userName);
        byte[] digest = sha1.digest();
        byte[] challenge = new byte[8];
        System.arraycopy(digest, 0, challenge, 0, 8);
        return challenge;
    }

    /** §8.3 NtPasswordHash: MD4 of the password in UTF-16LE ("Unicode" in the RFC). */
    public static byte[] ntPasswordHash(String password) {
        return md4(password.getBytes(StandardCharsets.UTF_16LE));
    }

    /** §8.4 HashNtPasswordHash: MD4 of the password hash. */
    public static byte[] hashNtPasswordHash(byte[] passwordHash) {
        requireLength(passwordHash, PASSWORD_HASH_LENGTH, "password hash");
        return md4(passwordHash);
    }

    /**
     * §8.5 ChallengeResponse: the 16-octet hash zero-padded to 21 octets and cut into three 7-octet DES
     * keys, each encrypting the 8-octet challenge.
     */
    public static byte[] challengeResponse(byte[] challenge, byte[] passwordHash) {
        requireLength(challenge, 8, "challenge");
        requireLength(passwordHash, PASSWORD_HASH_LENGTH, "password hash");
        byte[] zPasswordHash = new byte[21];
        System.arraycopy(passwordHash, 0, zPasswordHash, 0, PASSWORD_HASH_LENGTH);
        byte[] response = new byte[NT_RESPONSE_LENGTH];
        for (int i = 0; i < 3; i++) {
            desEncrypt(challenge, zPasswordHash, 7 * i, response, 8 * i);
        }
        return response;
    }

    /**
     * §8.7 GenerateAuthenticatorResponse: the 42-character "S=" string the authenticator sends in its
     * Success packet to prove it knows the password too.
     */
    public static String generateAuthenticatorResponse(byte[] passwordHash, byte[] ntResponse, byte[] peerChallenge,
            byte[] authenticatorChallenge, byte[] userName) {
        requireLength(ntResponse, NT_RESPONSE_LENGTH, "NT-Response");
        byte[] passwordHashHash = hashNtPasswordHash(passwordHash);
        MessageDigest sha1 = sha1();
        sha1.update(passwordHashHash);
        sha1.update(ntResponse);
        sha1.update(MAGIC1);
        byte[] digest = sha1.digest();
        byte[] challenge = challengeHash(peerChallenge, authenticatorChallenge, userName);
        sha1.update(digest);
        sha1.update(challenge);
        sha1.update(MAGIC2);
        digest = sha1.digest();
        return "S=" + UPPER_HEX.formatHex(digest);
    }

    /** §8.7 GenerateAuthenticatorResponse from a clear-text password. */
    public static String generateAuthenticatorResponse(String password, byte[] ntResponse, byte[] peerChallenge,
            byte[] authenticatorChallenge, byte[] userName) {
        return generateAuthenticatorResponse(ntPasswordHash(password), ntResponse, peerChallenge,
                authenticatorChallenge, userName);
    }

    /**
     * §8.8 CheckAuthenticatorResponse: whether a received "S=..." string is the expected one
     * (hex case ignored, compared in constant time).
     */
    public static boolean checkAuthenticatorResponse(byte[] passwordHash, byte[] ntResponse, byte[] peerChallenge,
            byte[] authenticatorChallenge, byte[] userName, String received) {
        String expected = generateAuthenticatorResponse(passwordHash, ntResponse, peerChallenge,
                authenticatorChallenge, userName);
        return MessageDigest.isEqual(ascii(expected), ascii(received.toUpperCase(java.util.Locale.ROOT)));
    }

    /** Checks a received NT-Response in constant time (what the authenticator does with §8.1). */
    public static boolean verifyNtResponse(byte[] authenticatorChallenge, byte[] peerChallenge, byte[] userName,
            byte[] passwordHash, byte[] receivedNtResponse) {
        byte[] expected = generateNtResponse(authenticatorChallenge, peerChallenge, userName, passwordHash);
        return MessageDigest.isEqual(expected, receivedNtResponse);
    }

    /** MD4 (RFC 1320) through Bouncy Castle. */
    public static byte[] md4(byte[] input) {
        MD4Digest md4 = new MD4Digest();
        md4.update(input, 0, input.length);
        byte[] out = new byte[md4.getDigestSize()];
        md4.doFinal(out, 0);
        return out;
    }

    /** §8.6 DesEncrypt: a 7-octet key, spread over 8 octets with parity bits, encrypts one block. */
    private static void desEncrypt(byte[] clear, byte[] key7, int keyOffset, byte[] out, int outOffset) {
        byte[] key8 = expandDesKey(key7, keyOffset);
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key8, "DES"));
            des.doFinal(clear, 0, 8, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DES/ECB is part of every JDK", e);
        }
    }

    /** Spreads 56 key bits over 8 octets, 7 bits each, the low bit of each octet set for odd parity. */
    static byte[] expandDesKey(byte[] key7, int offset) {
        long bits = 0;
        for (int i = 0; i < 7; i++) {
            bits = (bits << 8) | (key7[offset + i] & 0xFF);
        }
        byte[] key8 = new byte[8];
        for (int i = 0; i < 8; i++) {
            int seven = (int) (bits >>> (49 - 7 * i)) & 0x7F;
            int octet = seven << 1;
            key8[i] = (byte) (octet | (Integer.bitCount(octet) % 2 == 0 ? 1 : 0));
        }
        return key8;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-1", e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void requireLength(byte[] value, int length, String what) {
        if (value.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " octets, not " + value.length);
        }
    }
}
