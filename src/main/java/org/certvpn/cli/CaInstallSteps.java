package org.certvpn.cli;

/**
 * The short install guide printed after {@code ca client}: which file goes where on each client
 * platform, which menu, which fields. Menu names are those of the stock systems in English.
 */
final class CaInstallSteps {
    private CaInstallSteps() {}

    static String text(String p12, String friendlyName, String fqdn) {
        return """
                Install (send %1$s to the user; the CA certificate for Windows and iOS comes from `certvpn ca export-ca`):
                  Android 4-11 (built-in L2TP/IPsec client; Android 12 removed it):
                    Settings > Security > Install from storage (on newer versions: Encryption & credentials >
                    Install a certificate > VPN & app user certificate), pick %1$s, enter the p12 password.
                    Settings > Network & internet > VPN > Add: Type "L2TP/IPSec RSA", Server address %3$s,
                    IPSec user certificate "%2$s", IPSec CA certificate: the CA imported with it,
                    IPSec server certificate "(received from server)", then your VPN user name and password.
                  iOS / iPadOS: AirDrop or mail %1$s and ca.crt, open each, then Settings > General >
                    VPN & Device Management > install them (the p12 password is asked). The L2TP screen under
                    Settings > VPN takes only a shared secret: certificate login needs a configuration profile
                    with an L2TP VPN payload (server %3$s, machine authentication by certificate).
                  Windows 10/11: open %1$s > Store Location "Local Machine" > enter the p12 password >
                    "Automatically select the certificate store"; open ca.crt > Install Certificate >
                    Local Machine > "Trusted Root Certification Authorities". Then Settings > Network & Internet >
                    VPN > Add VPN: provider "Windows (built-in)", server %3$s, VPN type
                    "L2TP/IPsec with certificate", sign-in "User name and password".
                  Setup texts per OS, an iOS/macOS profile and a Windows script: add --bundle, or run
                  `certvpn ca bundle` for this certificate, or `certvpn enroll` to hand it to a phone by QR code.
                """.formatted(p12, friendlyName, fqdn);
    }
}
