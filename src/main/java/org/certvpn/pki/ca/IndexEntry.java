package org.certvpn.pki.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One certificate the CA has issued, as recorded in the index.
 *
 * @param serial positive serial number
 * @param kind what the certificate is for
 * @param cn the subject's common name (the user name for clients, the FQDN for the server)
 * @param device the device name that tells a user's certificates apart, if any
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param revocation when and why it was revoked, if it was
 */
public record IndexEntry(
        BigInteger serial,
        CertKind kind,
        String cn,
        Optional<String> device,
        Instant notBefore,
        Instant notAfter,
        Optional<Revocation> revocation) {

    /** A revocation as the CRL states it. */
    public record Revocation(Instant at, RevocationReason reason) {
        public Revocation {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public IndexEntry {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cn, "cn");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(revocation, "revocation");
        if (serial.signum() <= 0) {
            throw new IllegalArgumentException("serial must be positive");
        }
    }

    /** The serial in upper-case hex without separators, as {@code openssl x509 -serial} prints it. */
    public String serialHex() {
        return serialHex(serial);
    }

    static String serialHex(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /** Parses a serial typed by an admin: hex, optionally with {@code 0x} and {@code :} separators. */
    public static BigInteger parseSerial(String text) {
        String t = text == null ? "" : text.strip().replace(":", "");
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() > 40 || !t.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("not a hex serial number: \"" + text + "\"");
        }
        BigInteger s = new BigInteger(t, 16);
        if (s.signum() == 0) {
            throw new IllegalArgumentException("serial number 0 is never issued");
        }
        return s;
    }

    public boolean isRevoked() {
        return revocation.isPresent();
    }

    /** Valid, expired or revoked at {@code now}; revoked wins over expired. */
    public CertStatus status(Instant now) {
        if (isRevoked()) {
            return CertStatus.REVOKED;
        }
        return now.isAfter(notAfter) ? CertStatus.EXPIRED : CertStatus.VALID;
    }

    /** Counts against "one active certificate per CN and device": not revoked and not expired. */
    public boolean isActive(Instant now) {
        return status(now) == CertStatus.VALID;
    }

    IndexEntry revoked(Instant at, RevocationReason reason) {
        return new IndexEntry(serial, kind, cn, device, notBefore, notAfter, Optional.of(new Revocation(at, reason)));
    }
}
