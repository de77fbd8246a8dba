package org.certvpn.pki.validation;

import java.security.PublicKey;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a certificate a peer presented against {@link TrustSettings}: builds the path through the
 * certificates the peer sent and the configured intermediates up to a configured CA, checks each
 * signature, validity period and CA flag, and each certificate against its issuer's CRL.
 *
 * <p>Every refusal is one line naming the certificate and the reason, the way an admin searches the
 * log for a user: "certificate CN=bob,O=Example revoked (keyCompromise) at 2026-01-02T03:04:05Z".
 *
 * <p>Signatures that verified are remembered (a reconnecting client's certificate, each CRL): they
 * cannot change for the same bytes and key, and each costs a public-key operation per connect
 * otherwise. Validity periods and revocation are checked on every call. A validator belongs to one
 * set of trust settings; a reload makes a new one, so a new CRL is always verified and consulted.
 */
public final class CertificateValidator {
    private static final int MAX_PATH = 8;
    /** Remembered certificate signatures; cleared when full (a flood of distinct certificates). */
    static final int MAX_REMEMBERED = 4096;

    private record SignedBy(X509Certificate certificate, PublicKey key) {}

    private record CrlSignedBy(int crlIndex, PublicKey key) {}

    private final TrustSettings trust;
    private final Map<SignedBy, Boolean> verifiedCertificates = new ConcurrentHashMap<>();
    private final Map<CrlSignedBy, Boolean> crlSignatures = new ConcurrentHashMap<>();

    public CertificateValidator(TrustSettings trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    public TrustSettings trust() {
        return trust;
    }

    /**
     * @param offered the peer's certificates, the end-entity certificate first
     * @param now the wall-clock time to check validity periods and CRLs against
     */
    public ValidationResult validate(List<X509Certificate> offered, Instant now) {
        if (offered.isEmpty()) {
            return new ValidationResult.Invalid("no certificate");
        }
        Date at = Date.from(now);
        List<X509Certificate> pool = new ArrayList<>(offered.subList(1, offered.size()));
        pool.addAll(trust.intermediates());
        List<String> notes = new ArrayList<>();
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate current = offered.getFirst();
        for (int depth = 0; depth < MAX_PATH; depth++) {
            String problem = period(current, at, now);
            if (problem != null) {
                return new ValidationResult.Invalid(problem);
            }
            path.add(current);
            if (trust.trustAnchors().contains(current)) {
                return new ValidationResult.Valid(path, notes);
            }
            X509Certificate anchor = issuerAmong(current, trust.trustAnchors());
            if (anchor != null) {
                String revoked = revocation(current, anchor, at, now, notes);
                if (revoked != null) {
                    return new ValidationResult.Invalid(revoked);
                }
                String anchorProblem = period(anchor, at, now);
                if (anchorProblem != null) {
                    return new ValidationResult.Invalid(anchorProblem);
                }
                path.add(anchor);
                return new ValidationResult.Valid(path, notes);
            }
            X509Certificate issuer = issuerAmong(current, pool);
            if (issuer == null) {
                return new ValidationResult.Invalid(unknownIssuer(current));
            }
            if (issuer.getBasicConstraints() < 0) {
                return new ValidationResult.Invalid("certificate " + CertificateNames.subject(current) + ": issuer "
                        + CertificateNames.subject(issuer) + " is not a CA (no basicConstraints CA:TRUE)");
            }
            String revoked = revocation(current, issuer, at, now, notes);
            if (revoked != null) {
                return new ValidationResult.Invalid(revoked);
            }
            pool.remove(issuer);
            current = issuer;
        }
        return new ValidationResult.Invalid("certificate " + CertificateNames.subject(offered.getFirst())
                + ": no path to a configured CA within " + MAX_PATH + " certificates");
    }

    private String unknownIssuer(X509Certificate cert) {
        String issuer = CertificateNames.name(cert.getIssuerX500Principal());
        for (X509Certificate anchor : trust.trustAnchors()) {
            if (anchor.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                return "certificate " + CertificateNames.subject(cert) + ": signature does not verify with CA " + issuer;
            }
        }
        return "certificate " + CertificateNames.subject(cert) + ": issuer " + issuer + " is not a configured CA";
    }

    private static String period(X509Certificate cert, Date at, Instant now) {
        if (at.before(cert.getNotBefore())) {
            return "certificate " + CertificateNames.subject(cert) + " not yet valid (valid from "
                    + cert.getNotBefore().toInstant() + ", now " + now + ")";
        }
        if (at.after(cert.getNotAfter())) {
            return "certificate " + CertificateNames.subject(cert) + " expired at " + cert.getNotAfter().toInstant();
        }
        return null;
    }

    private X509Certificate issuerAmong(X509Certificate cert, List<X509Certificate> candidates) {
        for (X509Certificate c : candidates) {
            if (c.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && verifies(cert, c.getPublicKey())) {
                return c;
            }
        }
        return null;
    }

    /** Only successes are remembered: failures are rare for real clients and anyone can send them. */
    private boolean verifies(X509Certificate cert, PublicKey key) {
        SignedBy k = new SignedBy(cert, key);
        if (verifiedCertificates.containsKey(k)) {
            return true;
        }
        try {
            cert.verify(key);
        } catch (Exception e) {
            return false;
        }
        if (verifiedCertificates.size() >= MAX_REMEMBERED) {
            verifiedCertificates.clear();
        }
        verifiedCertificates.put(k, Boolean.TRUE);
        return true;
    }

    /** A configured CRL's signature, checked once per issuer key for the life of these trust settings. */
    private boolean crlVerifies(int index, X509CRL crl, PublicKey key) {
        return crlSignatures.computeIfAbsent(new CrlSignedBy(index, key), k -> {
            try {
                crl.verify(key);
                return true;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private String revocation(X509Certificate cert, X509Certificate issuer, Date at, Instant now, List<String> notes) {
        boolean found = false;
        List<X509CRL> crls = trust.crls();
        for (int i = 0; i < crls.size(); i++) {
            X509CRL crl = crls.get(i);
            if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                continue;
            }
            if (!crlVerifies(i, crl, issuer.getPublicKey())) {
                notes.add("CRL of " + CertificateNames.subject(issuer) + " ignored: its signature does not verify");
                continue;
            }
            found = true;
            if (crl.getNextUpdate() != null && at.after(crl.getNextUpdate())) {
                notes.add("CRL of " + CertificateNames.subject(issuer) + " is stale (next update was "
                        + crl.getNextUpdate().toInstant() + ")");
            }
            X509CRLEntry entry = crl.getRevokedCertificate(cert);
            if (entry != null && !entry.getRevocationDate().after(at)) {
                CRLReason reason = entry.getRevocationReason();
                return "certificate " + CertificateNames.subject(cert) + " revoked ("
                        + (reason == null ? "unspecified" : reasonName(reason)) + ") at "
                        + entry.getRevocationDate().toInstant();
            }
        }
        if (!found && trust.requireCrl()) {
            return "certificate " + CertificateNames.subject(cert) + ": no CRL for its CA "
                    + CertificateNames.subject(issuer) + " and CRLs are required";
        }
        return null;
    }

    /** The RFC 5280 §5.3.1 name of a revocation reason. */
    static String reasonName(CRLReason reason) {
        return switch (reason) {
            case UNSPECIFIED -> "unspecified";
            case KEY_COMPROMISE -> "keyCompromise";
            case CA_COMPROMISE -> "cACompromise";
            case AFFILIATION_CHANGED -> "affiliationChanged";
            case SUPERSEDED -> "superseded";
            case CESSATION_OF_OPERATION -> "cessationOfOperation";
            case CERTIFICATE_HOLD -> "certificateHold";
            case REMOVE_FROM_CRL -> "removeFromCRL";
            case PRIVILEGE_WITHDRAWN -> "privilegeWithdrawn";
            case AA_COMPROMISE -> "aACompromise";
            default -> reason.name();
        };
    }

}
