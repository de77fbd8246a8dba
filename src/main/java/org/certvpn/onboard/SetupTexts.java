package org.certvpn.onboard;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one-page setup texts of a bundle, one per client OS, with the exact values for this user and
 * server. Menu names are those of the stock systems in English; where they moved between releases,
 * both paths are given.
 */
final class SetupTexts {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private SetupTexts() {}

    /** File names and values every text refers to. */
    record Facts(BundleRequest request, String connectionName, String p12Name, String caName, String profileName,
            String scriptName, String caFingerprint) {
        String user() {
            return request.user();
        }

        String server() {
            return request.serverAddress();
        }

        String certificateLine() {
            return "certificate \"" + request.friendlyName() + "\", valid until "
                    + DAY.format(request.clientCertificate().getNotAfter().toInstant());
        }
    }

    static String readme(Facts f) {
        int w = Math.max(Math.max(f.p12Name().length(), f.caName().length()),
                Math.max(f.profileName().length(), f.scriptName().length()));
        String row = "  %-" + w + "s  %s\n";
        String files = row.formatted(f.p12Name(), "your certificate and key; its password is handed to you separately")
                + row.formatted(f.caName(), "the CA certificate")
                + row.formatted(f.profileName(), "iPhone, iPad and Mac: installs everything")
                + row.formatted(f.scriptName(), f.request().presharedKey().isPresent()
                        ? "Windows: adds the VPN with the pre-shared key (PowerShell, as Administrator)"
                        : "Windows: imports the certificates and adds the VPN (PowerShell, as Administrator)")
                + "  SETUP-Android.txt, SETUP-iOS-macOS.txt, SETUP-Windows.txt, SETUP-Linux.txt: step by step\n";
        return """
                CertVPN setup for %1$s
                Server: %2$s
                Your %3$s

                Files
                %4$s
                Check the CA before you trust it. Its SHA-256 fingerprint must be
                  %5$s
                Compare it with what your administrator shows you, and with what your device shows after the import.

                VPN user name: %1$s
                VPN password:  the one your administrator gave you for the VPN (it is not the .p12 password)
                """.formatted(f.user(), f.server(), f.certificateLine(), files, f.caFingerprint());
    }

    static String android(Facts f) {
        String psk = f.request().presharedKey().map(k -> """

                Without the certificate (only if your administrator asks for it): type "L2TP/IPSec PSK" and
                IPSec pre-shared key "%s" instead of the three certificate fields.
                """.formatted(k)).orElse("");
        return """
                %9$s
                Android 4.0 to 11 has the built-in "L2TP/IPSec RSA" client used here. Android 12 and later
                removed L2TP/IPsec from Settings: this setup does not work there.

                1. Install the certificate
                   Android keeps certificates only behind a screen lock: set a PIN, pattern or password first.
                   Android 10-11: Settings > Security > Advanced > Encryption & credentials > Install a certificate >
                                  VPN & app user certificate
                   Android 4-9:   Settings > Security > Install from storage (or "Install from SD card")
                   Pick %3$s and enter its password (handed to you separately).
                   Certificate name:  %4$s
                   Credential use:    VPN and apps
                   The CA certificate inside the file is installed with it, under the same name. Where the CA
                   list in step 2 stays empty, install %5$s the same way.
                   Check: Settings > Security > (Encryption & credentials >) User credentials or Trusted
                   credentials > User shows the CA; its SHA-256 fingerprint must be
                   %6$s

                2. Add the VPN
                   Android 8-11: Settings > Network & internet > (Advanced >) VPN > +
                   Android 4-7:  Settings > More (Wireless & networks) > VPN > +
                   Name                      %7$s
                   Type                      L2TP/IPSec RSA
                   Server address            %2$s
                   L2TP secret               (not used: leave empty)
                   IPSec user certificate    %4$s
                   IPSec CA certificate      %4$s
                   IPSec server certificate  (received from server)
                   Username                  %1$s
                   Password                  your VPN password (not the .p12 password)
                   Save.

                3. Connect
                   Tap "%7$s". All of the phone's traffic then goes through the VPN.
                   The server address must be typed exactly as above: the gateway's certificate is checked against it.
                %8$s""".formatted(f.user(), f.server(), f.p12Name(), f.request().friendlyName(), f.caName(),
                f.caFingerprint(), f.connectionName(), psk, heading("CertVPN on Android: " + f.user() + " on " + f.server()));
    }

    static String apple(Facts f) {
        return """
                %9$s
                The L2TP screen in Settings takes only a shared secret. Certificate login needs the
                configuration profile %3$s, which holds the CA certificate, your certificate and the VPN.

                iPhone / iPad
                1. Open %3$s (from the enrollment page in Safari, AirDrop or Mail). iOS says "Profile Downloaded".
                2. Settings > General > VPN & Device Management > "%4$s (%1$s)" > Install.
                   Enter the device passcode, then the certificate's password (handed to you separately).
                   The profile shows as "Not Verified": it is not signed. Check the CA instead: tap the profile >
                   More Details > the CA certificate; its SHA-256 fingerprint must be
                   %5$s
                3. Settings > VPN (or General > VPN & Device Management > VPN): "%4$s" is there, type L2TP,
                   server %2$s, account %1$s, machine authentication by certificate.
                   Connect; it asks for your VPN password (not the .p12 password).

                Mac (macOS 11 or later)
                1. Double-click %3$s. macOS 13+: System Settings > General > Device Management (macOS 11-12:
                   System Preferences > Profiles) > "%4$s (%1$s)" > Install; enter the certificate's password.
                2. System Settings > VPN (or Network): "%4$s" appears. Connect with account %1$s and your VPN password.
                By hand instead: Network > add VPN, type "L2TP over IPSec", server address %2$s, account name %1$s,
                Authentication Settings > Machine Authentication: Certificate > "%6$s" (import %7$s into
                the System keychain first, double-clicking it, and %8$s as well).
                """.formatted(f.user(), f.server(), f.profileName(), f.connectionName(), f.caFingerprint(),
                f.request().friendlyName(), f.p12Name(), f.caName(),
                heading("CertVPN on iPhone, iPad and Mac: " + f.user() + " on " + f.server()));
    }

    static String windows(Facts f) {
        boolean psk = f.request().presharedKey().isPresent();
        String ipsec = psk
                ? """
                  The script authenticates IPsec with the pre-shared key, as your administrator asked.
                  By hand: Settings > Network & Internet > VPN > Add VPN: VPN provider "Windows (built-in)",
                  connection name "%1$s", server %2$s, VPN type "L2TP/IPsec with pre-shared key", pre-shared key
                  "%3$s", type of sign-in info "User name and password", user name %4$s.
                  """.formatted(f.connectionName(), f.server(), f.request().presharedKey().get(), f.user())
                : """
                  The script imports %1$s into the computer's store (Local Machine > Personal: Windows' L2TP
                  client takes machine certificates only) and %2$s into Local Machine > Trusted Root
                  Certification Authorities, then adds the VPN.
                  By hand: double-click %1$s > Store Location "Local Machine" > its password > "Automatically
                  select the certificate store"; double-click %2$s > Install Certificate > Local Machine >
                  "Trusted Root Certification Authorities". Then Settings > Network & Internet > VPN > Add VPN:
                  VPN provider "Windows (built-in)", connection name "%3$s", server %4$s, VPN type
                  "L2TP/IPsec with certificate", type of sign-in info "User name and password", user name %5$s.
                  Check the CA first: "certutil -dump %2$s" lists its Cert Hash(sha256), which must be
                  %6$s
                  (certutil prints it without colons).
                  """.formatted(f.p12Name(), f.caName(), f.connectionName(), f.server(), f.user(), f.caFingerprint());
        return """
                %9$s
                1. Start PowerShell as Administrator, go to this folder and run
                     powershell -ExecutionPolicy Bypass -File .\\%3$s
                   (Windows refuses to run downloaded scripts otherwise.)%4$s
                %5$s
                2. When the gateway sits behind a NAT router (it has a private address and the router forwards
                   UDP 500 and 4500 to it), Windows refuses L2TP/IPsec with error 809 unless
                   HKLM\\SYSTEM\\CurrentControlSet\\Services\\PolicyAgent\\AssumeUDPEncapsulationContextOnSendRule
                   is the DWORD 2 (allow security associations when the server, or both ends, are behind NAT;
                   0, the default, allows only a client behind NAT). The script sets it %6$s;
                   %7$s. Restart Windows after setting it.
                   A client behind a home router while the gateway has a public address needs nothing.

                3. Connect: Settings > Network & Internet > VPN > "%8$s" > Connect, user name %1$s and your VPN
                   password (not the .p12 password). Windows uses MS-CHAPv2 inside the tunnel.
                """.formatted(f.user(), f.server(), f.scriptName(),
                psk ? "" : "\n   It asks for the .p12 password.",
                indent(ipsec, "   "),
                "when run with -ServerBehindNat $true",
                f.request().serverBehindNat()
                        ? "this bundle was made for a gateway behind NAT, so it does so by default"
                        : "this bundle was made for a gateway with a public address, so by default it does not",
                f.connectionName(), heading("CertVPN on Windows 10/11: " + f.user() + " on " + f.server()))
                .replace("\n", "\r\n");
    }

    static String linux(Facts f) {
        String auth = f.request().presharedKey().isPresent()
                ? "ipsec-psk=" + f.request().presharedKey().get()
                : "machine-auth-type=tls, machine-ca=$PWD/" + f.caName() + ", machine-cert=$PWD/" + f.p12Name()
                        + ", machine-key=$PWD/" + f.p12Name() + ", machine-certpass-flags=2";
        return """
                %8$s
                Install the plugin: Debian/Ubuntu "network-manager-l2tp-gnome" (GNOME) or "network-manager-l2tp";
                Fedora "NetworkManager-l2tp-gnome". It uses strongSwan or libreswan for IPsec.
                Keep this folder where it is: the connection refers to the files in it.

                In the desktop settings: Network > VPN > + > "Layer 2 Tunneling Protocol (L2TP)"
                  Name                 %3$s
                  Gateway              %2$s
                  User authentication  Type: Password, User name: %1$s, Password: your VPN password
                  IPsec Settings...    Enable IPsec tunnel to L2TP host
                    Machine authentication type  Certificates (TLS)
                    CA certificate               %4$s
                    User certificate             %5$s
                    Private key                  %5$s
                    Private key password         the .p12 password
                  PPP Settings...      leave MS-CHAPv2 allowed (the default)

                Or from a terminal, in this folder:
                  nmcli connection add type vpn con-name "%3$s" vpn-type l2tp \\
                    vpn.data "gateway=%2$s, user=%1$s, password-flags=2, ipsec-enabled=yes, %6$s"
                  nmcli --ask connection up "%3$s"

                The CA's SHA-256 fingerprint (openssl x509 -in %4$s -noout -fingerprint -sha256):
                  %7$s
                """.formatted(f.user(), f.server(), f.connectionName(), f.caName(), f.p12Name(), auth, f.caFingerprint(),
                heading("CertVPN on Linux (NetworkManager-l2tp): " + f.user() + " on " + f.server()));
    }

    private static String heading(String title) {
        return title + "\n" + "=".repeat(title.length());
    }

    private static String indent(String text, String prefix) {
        return text.lines().map(l -> l.isEmpty() ? l : prefix + l).reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
    }
}
