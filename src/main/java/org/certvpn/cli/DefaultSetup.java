package org.certvpn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.certvpn.net.HostAddresses;
import org.certvpn.onboard.BundleBuilder;
import org.certvpn.onboard.BundleRequest;
import org.certvpn.onboard.ClientBundle;
import org.certvpn.pki.ca.CaException;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.ClientRequest;
import org.certvpn.pki.ca.IssuedClient;
import org.certvpn.pki.ca.KeySpec;
import org.certvpn.pki.ca.ServerRequest;

/**
 * What {@code certvpn serve} without a configuration runs: a data directory it creates on first start
 * (a CA whose passphrase sits in a 0600 file, a server certificate for this host, a pool, and one demo
 * user with a random PPP password and a client bundle) and reuses afterwards. The configuration it writes
 * is an ordinary native file: an admin can edit it and it is what later starts read.
 */
final class DefaultSetup {
    static final String CONFIG = "certvpn.toml";
    static final String CA_SUBJECT = "O=CertVPN, CN=CertVPN Root CA";
    static final String DEMO_USER = "demo";
    /**
     * Documentation addresses (RFC 5737): they never collide with a real network, and masquerading
     * hides them from the outside. Change them in the configuration to your own plan.
     */
    static final String LOCAL_IP = "203.0.113.1";
    static final String POOL = "203.0.113.10-203.0.113.250";

    private DefaultSetup() {}

    record Prepared(Path config, boolean created) {}

    /** The configuration to serve: the existing one in {@code dir}, or a new setup made now. */
    static Prepared ensure(Path dir, Optional<String> fqdn, List<String> ips, PrintWriter out) {
        Path config = dir.resolve(CONFIG);
        if (Files.exists(config)) {
            return new Prepared(config, false);
        }
        try {
            create(dir, config, fqdn, ips, out);
        } catch (IOException e) {
            throw new CliException("cannot create the default setup in " + dir + ": " + e.getMessage());
        } catch (CaException e) {
            throw new CliException("cannot create the default setup in " + dir + ": " + e.getMessage()
                    + (e.getMessage().contains("FQDN") || e.getMessage().contains("name") ? " (give --fqdn)" : ""));
        }
        return new Prepared(config, true);
    }

    private static void create(Path dir, Path config, Optional<String> fqdnOption, List<String> ipOptions,
            PrintWriter out) throws IOException, CaException {
        SecureRandom random = new SecureRandom();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        setAsideInterrupted(dir, out);
        String fqdn = fqdnOption.orElseGet(DefaultSetup::hostName);
        // The host's own addresses: iPAddress SANs when no --ip is given (clients may type an address).
        List<String> local = HostAddresses.ipv4();
        List<String> ips = ipOptions.isEmpty() ? local : ipOptions;
        String caPassphrase = secret(random, 32);
        writeSecretFile(dir.resolve("ca.pass"), caPassphrase + "\n");
        String pppPassword = secret(random, 16);
        String p12Password = secret(random, 16);
        IssuedClient demo;
        java.security.cert.X509Certificate caCert;
        try (CaStore ca = CaStore.init(dir.resolve("ca"), CA_SUBJECT, KeySpec.RSA_2048, CaStore.DEFAULT_CA_DAYS,
                caPassphrase.toCharArray())) {
            ca.issueServer(ServerRequest.of(fqdn, ips.toArray(String[]::new)));
            demo = ca.issueClient(ClientRequest.of(DEMO_USER).withPassword(p12Password));
            ca.generateCrl(CaStore.DEFAULT_CRL_DAYS);
            caCert = ca.caCertificate();
        }
        ClientBundle bundle = BundleBuilder.build(new BundleRequest(DEMO_USER, Optional.empty(), demo.certificate(),
                Files.readAllBytes(demo.p12File()), demo.friendlyName(), caCert, fqdn, Optional.empty(), false));
        ClientBundle.Written written = bundle.writeTo(dir.resolve("clients"));
        List<String> dns = resolvers();
        writeSecretFile(config, configText(listenAddress(ipOptions, local), fqdn, pppPassword, dns));

        out.println("Created a CertVPN setup in " + dir.toAbsolutePath() + ":");
        out.println("  CA             " + dir.resolve("ca").toAbsolutePath() + " (passphrase in "
                + dir.resolve("ca.pass").toAbsolutePath() + ", mode 0600)");
        out.println("  server         " + fqdn + (ips.isEmpty() ? "" : " " + String.join(" ", ips))
                + "   (clients must type exactly this name or address)");
        out.println("  configuration  " + config.toAbsolutePath() + " (edit it; later starts read it)");
        out.println("  pool           " + POOL + ", gateway " + LOCAL_IP
                + (dns.isEmpty() ? ", no DNS handed out (set [ppp] ms-dns)" : ", DNS " + String.join(" ", dns)));
        out.println();
        out.println("Demo user \"" + DEMO_USER + "\":");
        out.println("  files          " + written.folder().toAbsolutePath() + "  (and " + written.zip().getFileName() + ")");
        out.println("  .p12 password  " + p12Password);
        out.println("  VPN user       " + DEMO_USER);
        out.println("  VPN password   " + pppPassword);
        out.println("  CA SHA-256     " + bundle.caFingerprint());
        out.println();
        out.println("Android 4-11:  install the .p12; VPN type \"L2TP/IPSec RSA\", server " + fqdn
                + ", IPSec user certificate and CA certificate: the installed \"" + demo.friendlyName()
                + "\", server certificate \"(received from server)\", then the VPN user and password.");
        out.println("iOS / macOS:   open the .mobileconfig from the folder (L2TP, machine certificate).");
        out.println("Windows:       run setup-windows.ps1 from the folder as Administrator (L2TP/IPsec with certificate).");
        out.println("Step by step:  SETUP-*.txt in the folder. More users: certvpn ca client --dir "
                + dir.resolve("ca") + " --cn NAME --bundle, and a [[user]] in the configuration.");
        out.println();
        out.flush();
    }

    /**
     * The first {@code --ip} that is one of this host's addresses, else the wildcard. Both answer each client
     * from the address it used (the wildcard binds every host address, docs/GATEWAY.md "Listen addresses");
     * the named address keeps the gateway off the host's other addresses, which is what a user who names one
     * expects. An {@code --ip} that is not local (a public address in front of NAT) cannot be bound, so then
     * the wildcard serves.
     */
    static String listenAddress(List<String> ipOptions, List<String> local) {
        return ipOptions.stream().filter(local::contains).findFirst().orElse("0.0.0.0");
    }

    private static String configText(String listen, String fqdn, String pppPassword, List<String> dns) {
        return """
                # Written by `certvpn serve` on its first start. Edit freely: later starts read this file.
                # Every key and its default: certvpn.example.toml in the source tree, docs/CONFIG.md.

                [ike]
                listen = "%s"

                [[connection]]
                name = "certificates"
                auth = "certificate"
                remote-ids = ["%s"]
                certificate = "ca/server/server.crt"
                key = "ca/server/server.key"
                key-passphrase-file = "ca/server/server.pass"
                trusted-cas = ["ca/ca.crt"]
                crls = ["ca/crl.pem"]

                [l2tp]
                hostname = "%s"
                # Documentation addresses (RFC 5737): replace them with your own plan.
                local-ip = "%s"
                pool = ["%s"]

                [ppp]
                ms-dns = [%s]

                # The PPP user name must equal the certificate's CN (binding.mode = "require").
                [[user]]
                name = "%s"
                password = "%s"

                [binding]
                mode = "require"
                """.formatted(listen, CA_SUBJECT.replace("CN=CertVPN Root CA", "CN=*"), fqdn, LOCAL_IP, POOL,
                dns.stream().map(d -> "\"" + d + "\"").reduce((a, b) -> a + ", " + b).orElse(""), DEMO_USER,
                pppPassword);
    }

    /**
     * The configuration is written last, so without it any CA, passphrase or bundle here is what a first start
     * left when it was killed half-way. Such a CA never served anyone; it is moved aside (not deleted) so that
     * this start can create a whole setup instead of failing on "a CA already exists" for ever.
     */
    private static void setAsideInterrupted(Path dir, PrintWriter out) throws IOException {
        List<Path> leftovers = new ArrayList<>();
        for (String name : List.of("ca.pass", "ca", "clients")) {
            if (Files.exists(dir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                leftovers.add(dir.resolve(name));
            }
        }
        if (leftovers.isEmpty()) {
            return;
        }
        Path aside = dir.resolve("interrupted-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()));
        Files.createDirectory(aside, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (Path p : leftovers) {
            Files.move(p, aside.resolve(p.getFileName()));
        }
        out.println("An earlier first start was interrupted before it wrote " + CONFIG + "; what it left is in "
                + aside.toAbsolutePath() + " and a new setup is created.");
    }

    private static void writeSecretFile(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Letters and digits without look-alikes, in groups of four: easy to type on a phone. */
    static String secret(SecureRandom random, int length) {
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append('-');
            }
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getCanonicalHostName();
            if (name.contains(".") && !Character.isDigit(name.charAt(name.length() - 1))) {
                return name.toLowerCase(Locale.ROOT);
            }
            String plain = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            return plain.contains(".") ? plain : plain + ".local";
        } catch (IOException e) {
            return "vpn.local";
        }
    }

    /** The host's resolvers a client could use (not loopback stubs such as systemd-resolved's 127.0.0.53). */
    static List<String> resolvers() {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
                String[] w = line.trim().split("\\s+");
                if (w.length >= 2 && w[0].equals("nameserver") && out.size() < 2) {
                    InetAddress a = InetAddress.ofLiteral(w[1]);
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        out.add(a.getHostAddress());
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // no usable resolver: the configuration says so
        }
        return out;
    }
}
