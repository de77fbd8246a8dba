package org.certvpn.ppp.auth;

/**
 * Checks a peer's credentials for a user name. {@link DirectoryVerifier} does it locally from the
 * user's secret; a RADIUS client would forward the challenge and response instead. Shared by every
 * session: implementations are thread-safe.
 */
@FunctionalInterface
public interface CredentialVerifier {
    Verification verify(String userName, Credentials credentials);
}
