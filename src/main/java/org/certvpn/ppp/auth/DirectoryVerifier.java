package org.certvpn.ppp.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.certvpn.crypto.ChapMd5;
import org.certvpn.crypto.MsChapV2;

/**
 * Verifies credentials against clear-text secrets from a {@link UserDirectory}, as pppd does with
 * chap-secrets. CHAP-MD5 and PAP use the secret's UTF-8 octets; MS-CHAPv2 hashes its UTF-16LE form
 * (RFC 2759 §8.3), as Windows does.
 */
public final class DirectoryVerifier implements CredentialVerifier {
    private final UserDirectory directory;

    public DirectoryVerifier(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Verification verify(String userName, Credentials credentials) {
        Optional<PppUser> found = directory.lookup(userName);
        if (found.isEmpty()) {
            return new Verification.Rejected("no such user");
        }
        PppUser user = found.get();
        byte[] secret = user.password().getBytes(StandardCharsets.UTF_8);
        return switch (credentials) {
            case Credentials.ChapMd5 c -> ChapMd5.verify(c.identifier(), secret, c.challenge(), c.response())
                    ? new Verification.Accepted(user, Optional.empty())
                    : new Verification.Rejected("wrong password (CHAP-MD5 response mismatch)");
            case Credentials.MsChapV2 m -> {
                byte[] hash = MsChapV2.ntPasswordHash(user.password());
                if (!MsChapV2.verifyNtResponse(m.authenticatorChallenge(), m.peerChallenge(), m.userName(), hash,
                        m.ntResponse())) {
                    yield new Verification.Rejected("wrong password (MS-CHAPv2 NT-Response mismatch)");
                }
                yield new Verification.Accepted(user, Optional.of(MsChapV2.generateAuthenticatorResponse(hash,
                        m.ntResponse(), m.peerChallenge(), m.authenticatorChallenge(), m.userName())));
            }
            case Credentials.Pap p -> MessageDigest.isEqual(secret, p.password())
                    ? new Verification.Accepted(user, Optional.empty())
                    : new Verification.Rejected("wrong password (PAP)");
        };
    }
}
