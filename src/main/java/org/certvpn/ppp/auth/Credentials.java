package org.certvpn.ppp.auth;

/** What a peer proved in one authentication attempt, per method; verified against a user's secret. */
public sealed interface Credentials {
    AuthMethod method();

    /** RFC 1994: the Response Value to our challenge with that Identifier. */
    record ChapMd5(int identifier, byte[] challenge, byte[] response) implements Credentials {
        public ChapMd5 {
            challenge = challenge.clone();
            response = response.clone();
        }

        @Override
        public byte[] challenge() {
            return challenge.clone();
        }

        @Override
        public byte[] response() {
            return response.clone();
        }

        @Override
        public AuthMethod method() {
            return AuthMethod.CHAP_MD5;
        }
    }

    /**
     * RFC 2759: the NT-Response with both challenges; {@code userName} holds the Name octets without any
     * domain prefix, as ChallengeHash needs them.
     */
    record MsChapV2(byte[] authenticatorChallenge, byte[] peerChallenge, byte[] ntResponse, byte[] userName)
            implements Credentials {
        public MsChapV2 {
            authenticatorChallenge = authenticatorChallenge.clone();
            peerChallenge = peerChallenge.clone();
            ntResponse = ntResponse.clone();
            userName = userName.clone();
        }

        @Override
        public byte[] authenticatorChallenge() {
            return authenticatorChallenge.clone();
        }

        @Override
        public byte[] peerChallenge() {
            return peerChallenge.clone();
        }

        @Override
        public byte[] ntResponse() {
            return ntResponse.clone();
        }

        @Override
        public byte[] userName() {
            return userName.clone();
        }

        @Override
        public AuthMethod method() {
            return AuthMethod.MSCHAP_V2;
        }
    }

    /** RFC 1334: the password in the clear. */
    record Pap(byte[] password) implements Credentials {
        public Pap {
            password = password.clone();
        }

        @Override
        public byte[] password() {
            return password.clone();
        }

        @Override
        public AuthMethod method() {
            return AuthMethod.PAP;
        }

        @Override
        public String toString() {
            return "Pap[password=<hidden>]";
        }
    }
}
