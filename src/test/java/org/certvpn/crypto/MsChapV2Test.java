package org.certvpn.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.certvpn.common.Hex;
import org.junit.jupiter.api.Test;

/** RFC 2759 §9.2 "Hash Example" vectors, every intermediate value, plus the RFC 1320 MD4 suite. */
class MsChapV2Test {
    // RFC 2759 §9.2
    private static final byte[] USER_NAME = Hex.decode("55 73 65 72"); // "User"
    private static final String PASSWORD = "clientPass";
    private static final byte[] PASSWORD_UNICODE =
            Hex.decode("63 00 6C 00 69 00 65 00 6E 00 74 00 50 00 61 00 73 00 73 00");
    private static final byte[] AUTHENTICATOR_CHALLENGE = Hex.decode("5B 5D 7C 7D 7B 3F 2F 3E 3C 2C 60 21 32 26 26 28");
    private static final byte[] PEER_CHALLENGE = Hex.decode("21 40 23 24 25 5E 26 2A 28 29 5F 2B 3A 33 7C 7E");
    private static final byte[] CHALLENGE = Hex.decode("D0 2E 43 86 BC E9 12 26");
    private static final byte[] PASSWORD_HASH = Hex.decode("44 EB BA 8D 53 12 B8 D6 11 47 44 11 F5 69 89 AE");
    private static final byte[] NT_RESPONSE =
            Hex.decode("82 30 9E CD 8D 70 8B 5E A0 8F AA 39 81 CD 83 54 42 33 11 4A 3D 85 D6 DF");
    private static final byte[] PASSWORD_HASH_HASH = Hex.decode("41 C0 0C 58 4B D2 D9 1C 40 17 A2 A1 2F A5 9F 3F");
    private static final String AUTHENTICATOR_RESPONSE = "S=407A5589115FD0D6209F510FE9C04566932CDA56";

    @Test
    void rfc2759PasswordIsUtf16LittleEndian() {
        assertThat(PASSWORD.getBytes(StandardCharsets.UTF_16LE)).isEqualTo(PASSWORD_UNICODE);
    }

    @Test
    void rfc2759ChallengeHash() {
        assertThat(MsChapV2.challengeHash(PEER_CHALLENGE, AUTHENTICATOR_CHALLENGE, USER_NAME)).isEqualTo(CHALLENGE);
    }

    @Test
    void rfc2759NtPasswordHash() {
        assertThat(MsChapV2.ntPasswordHash(PASSWORD)).isEqualTo(PASSWORD_HASH);
    }

    @Test
    void rfc2759ChallengeResponse() {
        assertThat(MsChapV2.challengeResponse(CHALLENGE, PASSWORD_HASH)).isEqualTo(NT_RESPONSE);
    }

    @Test
    void rfc2759GenerateNtResponse() {
        assertThat(MsChapV2.generateNtResponse(AUTHENTICATOR_CHALLENGE, PEER_CHALLENGE, USER_NAME, PASSWORD))
                .isEqualTo(NT_RESPONSE);
        assertThat(MsChapV2.verifyNtResponse(AUTHENTICATOR_CHALLENGE, PEER_CHALLENGE, USER_NAME, PASSWORD_HASH,
                NT_RESPONSE)).isTrue();
    }

    @Test
    void rfc2759HashNtPasswordHash() {
        assertThat(MsChapV2.hashNtPasswordHash(PASSWORD_HASH)).isEqualTo(PASSWORD_HASH_HASH);
    }

    @Test
    void rfc2759AuthenticatorResponse() {
        assertThat(MsChapV2.generateAuthenticatorResponse(PASSWORD, NT_RESPONSE, PEER_CHALLENGE,
                AUTHENTICATOR_CHALLENGE, USER_NAME)).isEqualTo(AUTHENTICATOR_RESPONSE);
        assertThat(MsChapV2.checkAuthenticatorResponse(PASSWORD_HASH, NT_RESPONSE, PEER_CHALLENGE,
                AUTHENTICATOR_CHALLENGE, USER_NAME, AUTHENTICATOR_RESPONSE.toLowerCase())).isTrue();
    }

    @Test
    void wrongPasswordOrNameIsRefused() {
        byte[] other = MsChapV2.ntPasswordHash("clientPass2");
        assertThat(MsChapV2.verifyNtResponse(AUTHENTICATOR_CHALLENGE, PEER_CHALLENGE, USER_NAME, other, NT_RESPONSE))
                .isFalse();
        assertThat(MsChapV2.verifyNtResponse(AUTHENTICATOR_CHALLENGE, PEER_CHALLENGE, Hex.decode("55736572 32"),
                PASSWORD_HASH, NT_RESPONSE)).isFalse();
        assertThat(MsChapV2.checkAuthenticatorResponse(other, NT_RESPONSE, PEER_CHALLENGE, AUTHENTICATOR_CHALLENGE,
                USER_NAME, AUTHENTICATOR_RESPONSE)).isFalse();
    }

    @Test
    void desKeyExpansionSetsOddParity() {
        byte[] key = MsChapV2.expandDesKey(Hex.decode("ff ff ff ff ff ff ff"), 0);
        assertThat(Hex.encode(key)).isEqualTo("fefefefefefefefe");
        for (byte b : MsChapV2.expandDesKey(Hex.decode("01 23 45 67 89 ab cd"), 0)) {
            assertThat(Integer.bitCount(b & 0xFF) % 2).isEqualTo(1);
        }
    }

    /** RFC 1320 Appendix A.5 test suite, computed through Bouncy Castle's MD4. */
    @Test
    void rfc1320Md4Suite() {
        String[][] suite = {
            {"", "31d6cfe0d16ae931b73c59d7e0c089c0"},
            {"a", "bde52cb31de33e46245e05fbdbd6fb24"},
            {"abc", "a448017aaf21d8525fc10ae87aa6729d"},
            {"message digest", "d9130a8164549fe818874806e1c7014b"},
            {"abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9"},
            {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "043f8582f241db351ce627e153e7f0e4"},
            {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "e33b4ddc9c38f2199c3e7b164fcc0536"},
        };
        for (String[] v : suite) {
            assertThat(Hex.encode(MsChapV2.md4(v[0].getBytes(StandardCharsets.US_ASCII)))).as("MD4(\"%s\")", v[0])
                    .isEqualTo(v[1]);
        }
    }
}
