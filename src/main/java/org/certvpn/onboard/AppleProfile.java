package org.certvpn.onboard;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The iOS/macOS configuration profile ({@code .mobileconfig}): the root as a
 * {@code com.apple.security.root} payload, the user's {@code .p12} as a
 * {@code com.apple.security.pkcs12} payload, and a {@code com.apple.vpn.managed} payload of
 * {@code VPNType L2TP} whose IPSec dictionary authenticates the machine by that certificate
 * ({@code AuthenticationMethod Certificate}, {@code PayloadCertificateUUID} = the pkcs12 payload's UUID).
 *
 * <p>Keys follow Apple's Configuration Profile Reference (the {@code com.apple.vpn.managed},
 * {@code com.apple.security.pkcs12}, {@code com.apple.security.root} and top-level payload
 * descriptions). Two things there need confirming on a device: the reference documents
 * {@code PayloadCertificateUUID} in the IPSec dictionary for Cisco IPSec, not L2TP; and the pkcs12
 * payload carries no {@code Password}, so the installer has to ask for it (a password in the
 * profile would make the file itself the secret).
 *
 * <p>UUIDs are derived from the certificate's serial, and the identifier from server and user, so the
 * same certificate always gives the same profile and a re-issued one replaces the old profile.
 */
final class AppleProfile {
    private AppleProfile() {}

    static byte[] build(BundleRequest r, String connectionName, String p12Name, String caName) {
        String serial = Fingerprints.serialHex(r.clientCertificate());
        String base = identifierBase(r);
        String p12Uuid = uuid(serial, "pkcs12");

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("PayloadCertificateFileName", caName);
        root.put("PayloadContent", der(r.caCertificate()));
        root.put("PayloadDescription", "The CA that issued the VPN gateway's certificate and yours.");
        root.put("PayloadDisplayName", Fingerprints.commonName(r.caCertificate()));
        root.put("PayloadIdentifier", base + ".ca");
        root.put("PayloadType", "com.apple.security.root");
        root.put("PayloadUUID", uuid(serial, "root"));
        root.put("PayloadVersion", 1);

        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("PayloadCertificateFileName", p12Name);
        identity.put("PayloadContent", r.p12());
        identity.put("PayloadDescription", "Your VPN certificate and key; the installer asks for its password.");
        identity.put("PayloadDisplayName", r.friendlyName());
        identity.put("PayloadIdentifier", base + ".identity");
        identity.put("PayloadType", "com.apple.security.pkcs12");
        identity.put("PayloadUUID", p12Uuid);
        identity.put("PayloadVersion", 1);

        Map<String, Object> ipsec = new LinkedHashMap<>();
        ipsec.put("AuthenticationMethod", "Certificate");
        ipsec.put("PayloadCertificateUUID", p12Uuid);
        Map<String, Object> ppp = new LinkedHashMap<>();
        ppp.put("AuthName", r.user());
        ppp.put("CommRemoteAddress", r.serverAddress());
        Map<String, Object> ipv4 = new LinkedHashMap<>();
        ipv4.put("OverridePrimary", 1); // all traffic through the tunnel, as the gateway is set up for

        Map<String, Object> vpn = new LinkedHashMap<>();
        vpn.put("IPSec", ipsec);
        vpn.put("IPv4", ipv4);
        vpn.put("PPP", ppp);
        vpn.put("PayloadDescription", "L2TP/IPsec to " + r.serverAddress() + ", machine authentication by certificate.");
        vpn.put("PayloadDisplayName", "VPN (" + connectionName + ")");
        vpn.put("PayloadIdentifier", base + ".vpn");
        vpn.put("PayloadType", "com.apple.vpn.managed");
        vpn.put("PayloadUUID", uuid(serial, "vpn"));
        vpn.put("PayloadVersion", 1);
        vpn.put("UserDefinedName", connectionName);
        vpn.put("VPNType", "L2TP");

        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("PayloadContent", List.of(root, identity, vpn));
        profile.put("PayloadDescription", "Installs the CA certificate, the certificate of " + r.user()
                + " and the VPN \"" + connectionName + "\". The certificate's password was handed to you separately.");
        profile.put("PayloadDisplayName", connectionName + " (" + r.user() + ")");
        profile.put("PayloadIdentifier", base);
        Fingerprints.organization(r.caCertificate()).ifPresent(o -> profile.put("PayloadOrganization", o));
        profile.put("PayloadRemovalDisallowed", false);
        profile.put("PayloadType", "Configuration");
        profile.put("PayloadUUID", uuid(serial, "profile"));
        profile.put("PayloadVersion", 1);
        return XmlPlist.write(profile).getBytes(StandardCharsets.UTF_8);
    }

    /** Reverse-DNS style, the same for every certificate of this user and device on this server. */
    static String identifierBase(BundleRequest r) {
        String user = r.user() + r.device().map(d -> "-" + d).orElse("");
        return "org.certvpn.l2tp." + label(r.serverAddress()) + "." + label(user);
    }

    private static String label(String s) {
        String l = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        return l.replaceAll("^[.-]+|[.-]+$", "");
    }

    private static String uuid(String serial, String part) {
        return UUID.nameUUIDFromBytes(("certvpn " + serial + " " + part).getBytes(StandardCharsets.US_ASCII))
                .toString().toUpperCase(Locale.ROOT);
    }

    private static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode " + cert.getSubjectX500Principal(), e);
        }
    }
}
