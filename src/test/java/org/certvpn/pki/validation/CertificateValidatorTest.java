package org.certvpn.pki.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Path building, validity, CA flags and CRLs, each refusal with its one-line reason. */
class CertificateValidatorTest {
    static TestPki.Issued root;
    static TestPki.Issued otherRoot;
    static TestPki.Issued intermediate;
    static TestPki.Issued bob;
    static TestPki.Issued carol;

    @BeforeAll
    static void pki() {
        root = TestPki.root("C=JP, O=Example, CN=Example Root CA");
        otherRoot = TestPki.root("C=JP, O=Other, CN=Other CA");
        intermediate = TestPki.issue(root, "C=JP, O=Example, CN=Example Users CA", true);
        bob = TestPki.issue(root, "C=JP, O=Example, CN=bob", false);
        carol = TestPki.issue(intermediate, "C=JP, O=Example, CN=carol", false);
    }

    private static ValidationResult check(TrustSettings trust, X509Certificate... offered) {
        return new CertificateValidator(trust).validate(List.of(offered), TestPki.NOW);
    }

    @Test
    void directlyIssuedCertificateIsValid() {
        ValidationResult r = check(TrustSettings.of(List.of(root.certificate()), List.of()), bob.certificate());
        assertThat(r).isInstanceOf(ValidationResult.Valid.class);
        assertThat(((ValidationResult.Valid) r).anchor()).isEqualTo(root.certificate());
    }

    @Test
    void intermediateFromThePeerOrFromSettings() {
        TrustSettings rootOnly = TrustSettings.of(List.of(root.certificate()), List.of());
        assertThat(check(rootOnly, carol.certificate(), intermediate.certificate()).valid()).isTrue();
        assertThat(check(rootOnly, carol.certificate()))
                .isEqualTo(new ValidationResult.Invalid("certificate CN=carol,O=Example,C=JP: issuer "
                        + "CN=Example Users CA,O=Example,C=JP is not a configured CA"));
        TrustSettings withIntermediate = new TrustSettings(List.of(root.certificate()),
                List.of(intermediate.certificate()), List.of(), false);
        ValidationResult r = check(withIntermediate, carol.certificate());
        assertThat(r.valid()).isTrue();
        assertThat(((ValidationResult.Valid) r).path()).hasSize(3);
    }

    @Test
    void certificateFromAnotherCaIsRefused() {
        TestPki.Issued mallory = TestPki.issue(otherRoot, "C=JP, O=Example, CN=mallory", false);
        assertThat(check(TrustSettings.of(List.of(root.certificate()), List.of()), mallory.certificate()))
                .isEqualTo(new ValidationResult.Invalid(
                        "certificate CN=mallory,O=Example,C=JP: issuer CN=Other CA,O=Other,C=JP is not a configured CA"));
    }

    @Test
    void forgedIssuerNameIsRefused() {
        // Same issuer DN as the real root, signed by another key.
        TestPki.Issued fakeRoot = TestPki.root("C=JP, O=Example, CN=Example Root CA");
        TestPki.Issued eve = TestPki.issue(fakeRoot, "C=JP, O=Example, CN=eve", false);
        ValidationResult r = check(TrustSettings.of(List.of(root.certificate()), List.of()), eve.certificate());
        assertThat(r).isEqualTo(new ValidationResult.Invalid("certificate CN=eve,O=Example,C=JP: signature does "
                + "not verify with CA CN=Example Root CA,O=Example,C=JP"));
    }

    @Test
    void expiredAndNotYetValid() {
        TestPki.Issued old = TestPki.issue(root, "C=JP, O=Example, CN=old", false,
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"));
        TestPki.Issued future = TestPki.issue(root, "C=JP, O=Example, CN=future", false,
                Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2027-06-01T00:00:00Z"));
        TrustSettings trust = TrustSettings.of(List.of(root.certificate()), List.of());
        assertThat(check(trust, old.certificate())).isEqualTo(new ValidationResult.Invalid(
                "certificate CN=old,O=Example,C=JP expired at 2026-02-01T00:00:00Z"));
        assertThat(check(trust, future.certificate())).isEqualTo(new ValidationResult.Invalid(
                "certificate CN=future,O=Example,C=JP not yet valid (valid from 2026-06-01T00:00:00Z, now "
                        + "2026-03-01T12:00:00Z)"));
    }

    @Test
    void revokedWithReasonAndDate() {
        TestPki.Issued dave = TestPki.issue(root, "C=JP, O=Example, CN=dave", false);
        var crl = TestPki.crl(root, Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                new TestPki.Revoked(dave.certificate().getSerialNumber(), Instant.parse("2026-02-10T08:00:00Z"),
                        CRLReason.keyCompromise));
        TrustSettings trust = TrustSettings.of(List.of(root.certificate()), List.of(crl));
        assertThat(check(trust, dave.certificate())).isEqualTo(new ValidationResult.Invalid(
                "certificate CN=dave,O=Example,C=JP revoked (keyCompromise) at 2026-02-10T08:00:00Z"));
        assertThat(check(trust, bob.certificate()).valid()).isTrue();
    }

    @Test
    void oneValidatorRemembersSignaturesButChecksValidityAndRevocationEveryTime() {
        TestPki.Issued erin = TestPki.issue(root, "C=JP, O=Example, CN=erin", false);
        var crl = TestPki.crl(root, Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                new TestPki.Revoked(erin.certificate().getSerialNumber(), Instant.parse("2026-03-10T00:00:00Z"),
                        CRLReason.superseded));
        CertificateValidator v = new CertificateValidator(TrustSettings.of(List.of(root.certificate()), List.of(crl)));
        assertThat(v.validate(List.of(erin.certificate()), TestPki.NOW).valid()).isTrue();
        assertThat(v.validate(List.of(erin.certificate()), TestPki.NOW).valid()).isTrue();
        // Same bytes, same validator: the remembered signature does not skip the revocation date.
        assertThat(v.validate(List.of(erin.certificate()), Instant.parse("2026-03-11T00:00:00Z"))).isEqualTo(
                new ValidationResult.Invalid("certificate CN=erin,O=Example,C=JP revoked (superseded) at 2026-03-10T00:00:00Z"));
        // Nor the validity period.
        assertThat(v.validate(List.of(erin.certificate()), Instant.parse("2099-01-01T00:00:00Z")).valid()).isFalse();
        // A forged certificate with the same subject and issuer name is not taken for the remembered one.
        TestPki.Issued fakeRoot = TestPki.root("C=JP, O=Example, CN=Example Root CA");
        TestPki.Issued fakeErin = TestPki.issue(fakeRoot, "C=JP, O=Example, CN=erin", false);
        assertThat(v.validate(List.of(fakeErin.certificate()), TestPki.NOW).valid()).isFalse();
    }

    @Test
    void revokedIntermediateRefusesItsUsers() {
        var crl = TestPki.crl(root, Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                new TestPki.Revoked(intermediate.certificate().getSerialNumber(), Instant.parse("2026-02-02T00:00:00Z"),
                        CRLReason.cACompromise));
        TrustSettings trust = TrustSettings.of(List.of(root.certificate()), List.of(crl));
        assertThat(check(trust, carol.certificate(), intermediate.certificate())).isEqualTo(new ValidationResult.Invalid(
                "certificate CN=Example Users CA,O=Example,C=JP revoked (cACompromise) at 2026-02-02T00:00:00Z"));
    }

    @Test
    void staleCrlStillAppliesAndIsNoted() {
        var crl = TestPki.crl(root, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"));
        ValidationResult r = check(TrustSettings.of(List.of(root.certificate()), List.of(crl)), bob.certificate());
        assertThat(r.valid()).isTrue();
        assertThat(((ValidationResult.Valid) r).notes()).singleElement().asString().contains("is stale");
    }

    @Test
    void requiredCrlMissing() {
        TrustSettings trust = new TrustSettings(List.of(root.certificate()), List.of(), List.of(), true);
        assertThat(check(trust, bob.certificate())).isEqualTo(new ValidationResult.Invalid(
                "certificate CN=bob,O=Example,C=JP: no CRL for its CA CN=Example Root CA,O=Example,C=JP and CRLs are required"));
    }

    @Test
    void endEntityCannotIssue() {
        TestPki.Issued fake = TestPki.issue(bob, "C=JP, O=Example, CN=fake", false);
        ValidationResult r = check(TrustSettings.of(List.of(root.certificate()), List.of()), fake.certificate(),
                bob.certificate());
        assertThat(r).isEqualTo(new ValidationResult.Invalid("certificate CN=fake,O=Example,C=JP: issuer "
                + "CN=bob,O=Example,C=JP is not a CA (no basicConstraints CA:TRUE)"));
    }

    @Test
    void exactSubjectDerIsTheCertificatesOwnEncoding() {
        byte[] der = CertificateNames.exactSubjectDer(bob.certificate());
        assertThat(der).isEqualTo(bob.certificate().getSubjectX500Principal().getEncoded());
        assertThat(der[0]).isEqualTo((byte) 0x30);
    }
}
