package org.certvpn.onboard;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.List;

/**
 * Makes a user's {@link ClientBundle}: the {@code .p12} and the CA certificate named "serial + CN"
 * (phones list imported certificates poorly, and Android's installer offers only {@code .crt} and
 * {@code .p12} files), a README, a setup text per OS, the iOS/macOS profile and the Windows script.
 *
 * <pre>
 * alice-1A2B3C4D/
 *   README.txt
 *   1A2B3C4D-alice.p12               key + certificate + CA (friendly name "1A2B3C4D... alice")
 *   5E6F7A8B-Example-Root-CA.crt     the root, PEM
 *   1A2B3C4D-alice.mobileconfig      iOS / macOS: root + pkcs12 + L2TP VPN payloads
 *   setup-windows.ps1                Add-VpnConnection -TunnelType L2tp ...
 *   SETUP-Android.txt, SETUP-iOS-macOS.txt, SETUP-Windows.txt, SETUP-Linux.txt
 * </pre>
 */
public final class BundleBuilder {
    /** Serial digits in file names: enough to tell a user's certificates apart, short enough to read on a phone. */
    static final int SERIAL_DIGITS = 8;
    static final String SCRIPT_NAME = "setup-windows.ps1";

    private BundleBuilder() {}

    public static ClientBundle build(BundleRequest r) {
        String serial = Fingerprints.serialHex(r.clientCertificate());
        String shortSerial = serial.substring(0, Math.min(SERIAL_DIGITS, serial.length()));
        String userPart = r.user() + r.device().map(d -> "-" + d).orElse("");
        String caSerial = Fingerprints.serialHex(r.caCertificate());
        String caName = caSerial.substring(0, Math.min(SERIAL_DIGITS, caSerial.length())) + "-"
                + fileSafe(Fingerprints.commonName(r.caCertificate())) + ".crt";
        String p12Name = shortSerial + "-" + userPart + ".p12";
        String profileName = shortSerial + "-" + userPart + ".mobileconfig";
        String connectionName = connectionName(r.serverAddress());
        String fingerprint = Fingerprints.sha256(r.caCertificate());

        SetupTexts.Facts facts = new SetupTexts.Facts(r, connectionName, p12Name, caName, profileName, SCRIPT_NAME,
                fingerprint);
        List<BundleFile> files = List.of(
                text("README.txt", SetupTexts.readme(facts)),
                new BundleFile(p12Name, BundleFile.Role.P12, r.p12()),
                new BundleFile(caName, BundleFile.Role.CA_CERTIFICATE, pem(r)),
                new BundleFile(profileName, BundleFile.Role.APPLE_PROFILE,
                        AppleProfile.build(r, connectionName, p12Name, caName)),
                new BundleFile(SCRIPT_NAME, BundleFile.Role.WINDOWS_SCRIPT,
                        WindowsScript.build(r, connectionName, p12Name, caName, SCRIPT_NAME)),
                text("SETUP-Android.txt", SetupTexts.android(facts)),
                text("SETUP-iOS-macOS.txt", SetupTexts.apple(facts)),
                text("SETUP-Windows.txt", SetupTexts.windows(facts)),
                text("SETUP-Linux.txt", SetupTexts.linux(facts)));
        return new ClientBundle(userPart + "-" + shortSerial, r.user(), r.serverAddress(), fingerprint,
                r.clientCertificate().getNotBefore().toInstant(), files);
    }

    /** What the VPN is called on every client. */
    static String connectionName(String server) {
        return "CertVPN " + server;
    }

    /** Letters, digits, dot, dash and underscore; anything else becomes one dash. */
    static String fileSafe(String text) {
        String s = text.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+|-+$", "");
        if (s.length() > 40) {
            s = s.substring(0, 40).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "CA" : s;
    }

    private static BundleFile text(String name, String content) {
        return new BundleFile(name, BundleFile.Role.TEXT, content.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] pem(BundleRequest r) {
        try {
            String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(r.caCertificate().getEncoded());
            return ("-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n")
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode the CA certificate", e);
        }
    }
}
