package org.certvpn.ike;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.pki.DnPattern;
import org.certvpn.pki.validation.CertificateNames;
import org.certvpn.pki.validation.CertificateValidator;
import org.certvpn.pki.validation.ValidationResult;

/**
 * Decides whether a peer's certificate and identity are acceptable, for IKEv1 and IKEv2 alike: the
 * chain must validate against the configured CAs and CRLs, the identity the peer claimed must be in the
 * certificate (the subject for a DN, a subjectAltName otherwise), and the subject must match one of the
 * allowed remote ID patterns. Parsed certificates and verified signatures are remembered for the life of
 * these settings (see {@link CertificateValidator}); validity and revocation are checked every time.
 */
public final class PeerAuthenticator {
    /** Certificates parsed before, by their DER bytes (clients reconnect); cleared when full. */
    static final int MAX_PARSED = 4096;

    private final IkeSettings settings;
    private final CertificateValidator validator;
    private final Clock clock;
    private final Map<ByteBuffer, List<X509Certificate>> parsed = new ConcurrentHashMap<>();

    public PeerAuthenticator(IkeSettings settings, Clock clock) {
        this.settings = settings;
        this.validator = new CertificateValidator(settings.trust());
        this.clock = clock;
    }

    /** Accepted: who the peer is and the certificate whose key verifies its signature. */
    public record Accepted(PeerIdentity identity, X509Certificate certificate, List<String> notes) {}

    /** Which check refused the peer; the engines choose what to tell the peer from it. */
    public enum Refusal {
        /** No usable certificate, or its path does not validate: unknown CA, revoked, expired, not parsable. */
        CERTIFICATE,
        /** The identity the peer claimed is not in its certificate. */
        ID_NOT_IN_CERTIFICATE,
        /** The certificate is valid and carries the identity, but no allowed remote ID matches it. */
        ID_NOT_ALLOWED
    }

    /**
     * The outcome: {@code accepted}, or a one-line {@code reason} with the {@code refusal} kind and, when the
     * chain validated, the peer's {@code certificate} (its key can still check the peer's proof).
     */
    public record Outcome(Accepted accepted, String reason, Refusal refusal, X509Certificate certificate) {
        static Outcome refused(Refusal refusal, String reason) {
            return new Outcome(null, reason, refusal, null);
        }

        public boolean ok() {
            return accepted != null;
        }
    }

    /**
     * @param certificates DER certificates from CERT payloads, in the order received
     * @param idType the peer's identity type
     * @param idData the identity data
     */
    public Outcome authenticate(List<byte[]> certificates, int idType, byte[] idData) {
        List<X509Certificate> certs = new ArrayList<>();
        for (byte[] der : certificates) {
            ByteBuffer key = ByteBuffer.wrap(der.clone());
            List<X509Certificate> known = parsed.get(key);
            if (known != null) {
                certs.addAll(known);
                continue;
            }
            try {
                List<X509Certificate> fresh = new ArrayList<>();
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(der))) {
                    fresh.add((X509Certificate) c);
                }
                certs.addAll(fresh);
                if (parsed.size() >= MAX_PARSED) {
                    parsed.clear();
                }
                parsed.put(key, List.copyOf(fresh));
            } catch (CertificateException | RuntimeException e) {
                return Outcome.refused(Refusal.CERTIFICATE, "peer certificate cannot be parsed: " + e.getMessage());
            }
        }
        if (certs.isEmpty()) {
            return Outcome.refused(Refusal.CERTIFICATE,
                    "peer sent no certificate (ID " + Identities.text(idType, idData) + ")");
        }
        X509Certificate leaf = certs.getFirst();
        for (X509Certificate c : certs) {
            if (idMatches(c, idType, idData) == null) {
                leaf = c;
                break;
            }
        }
        List<X509Certificate> offered = new ArrayList<>();
        offered.add(leaf);
        for (X509Certificate c : certs) {
            if (c != leaf) {
                offered.add(c);
            }
        }
        ValidationResult result = validator.validate(offered, clock.instant());
        if (result instanceof ValidationResult.Invalid invalid) {
            return Outcome.refused(Refusal.CERTIFICATE, invalid.reason());
        }
        String mismatch = idMatches(leaf, idType, idData);
        if (mismatch != null) {
            return Outcome.refused(Refusal.ID_NOT_IN_CERTIFICATE, mismatch);
        }
        String subject = CertificateNames.subject(leaf);
        if (!settings.remoteIds().isEmpty()) {
            boolean any = false;
            for (DnPattern p : settings.remoteIds()) {
                if (p.matches(leaf.getSubjectX500Principal())) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return new Outcome(null, "peer " + subject + " matches no allowed remote ID " + settings.remoteIds(),
                        Refusal.ID_NOT_ALLOWED, leaf);
            }
        }
        PeerIdentity identity = PeerIdentity.certificate(leaf.getSubjectX500Principal(), commonName(leaf),
                leaf.getSerialNumber());
        return new Outcome(new Accepted(identity, leaf, ((ValidationResult.Valid) result).notes()), null, null, leaf);
    }

    /** Null when the certificate carries the identity, else why not. */
    static String idMatches(X509Certificate cert, int idType, byte[] idData) {
        String subject = CertificateNames.subject(cert);
        switch (idType) {
            case Identities.DER_ASN1_DN -> {
                X500Principal id;
                try {
                    id = new X500Principal(idData);
                } catch (IllegalArgumentException e) {
                    return "peer ID is not a valid DER distinguished name";
                }
                return id.equals(cert.getSubjectX500Principal()) ? null
                        : "peer ID " + CertificateNames.name(id) + " is not the certificate subject " + subject;
            }
            case Identities.IPV4_ADDR, Identities.IPV6_ADDR -> {
                InetAddress a = Identities.address(idData);
                if (a != null && hasAltName(cert, 7, a.getHostAddress())) {
                    return null;
                }
                return "peer ID " + Identities.text(idType, idData) + " is not a subjectAltName of " + subject;
            }
            case Identities.FQDN -> {
                return hasAltName(cert, 2, Identities.text(idType, idData)) ? null
                        : "peer ID " + Identities.text(idType, idData) + " is not a subjectAltName of " + subject;
            }
            case Identities.USER_FQDN -> {
                return hasAltName(cert, 1, Identities.text(idType, idData)) ? null
                        : "peer ID " + Identities.text(idType, idData) + " is not a subjectAltName of " + subject;
            }
            default -> {
                return "peer ID type " + Identities.typeName(idType) + " cannot be checked against certificate " + subject;
            }
        }
    }

    private static boolean hasAltName(X509Certificate cert, int type, String value) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names == null) {
                return false;
            }
            for (List<?> n : names) {
                if (((Integer) n.get(0)) == type && n.get(1) instanceof String s) {
                    if (type == 7 ? sameAddress(s, value) : s.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
                        return true;
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return false;
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static String commonName(X509Certificate cert) {
        X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        RDN[] cns = name.getRDNs(BCStyle.CN);
        return cns.length == 0 ? null : IETFUtils.valueToString(cns[cns.length - 1].getFirst().getValue());
    }
}
