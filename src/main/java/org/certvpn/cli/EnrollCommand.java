package org.certvpn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.certvpn.config.Values;
import org.certvpn.onboard.BundleBuilder;
import org.certvpn.onboard.ClientBundle;
import org.certvpn.onboard.Fingerprints;
import org.certvpn.onboard.enroll.EnrollmentGrant;
import org.certvpn.onboard.enroll.EnrollmentServer;
import org.certvpn.onboard.enroll.EphemeralTls;
import org.certvpn.onboard.enroll.ListenAddress;
import org.certvpn.onboard.enroll.TerminalQr;
import org.certvpn.pki.ca.CaException;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.ClientRequest;
import org.certvpn.pki.ca.IndexEntry;
import org.certvpn.pki.ca.IssuedClient;
import org.certvpn.pki.ca.KeySpec;
import org.certvpn.pki.ca.P12Profile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code certvpn enroll USER}: issues the user's certificate and serves its bundle on a one-time,
 * expiring HTTPS page whose URL the terminal shows as a QR code. The {@code .p12} password is printed
 * here for the admin to tell, never put on the page.
 */
@Command(
        name = "enroll",
        description = {
            "Issue USER's certificate and serve the client bundle on a one-time HTTPS",
            "page; the phone scans the QR code. The first download of the certificate",
            "uses the link up, and it expires after --ttl. The .p12 password is printed",
            "here, never on the page. The browser warns about the page's self-signed",
            "certificate: compare the CA fingerprint on the page with the one printed here."
        })
final class EnrollCommand implements Callable<Integer> {
    private static final Duration MAX_TTL = Duration.ofHours(24);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "USER", description = "The user name (the certificate's CN and PPP user).")
    String cn;

    @Mixin
    CaOptions.Dir dir;

    @Mixin
    CaOptions.Passphrase passphrase;

    @Option(names = "--device", paramLabel = "NAME", description = "Names the certificate; needed for a user's second active certificate.")
    String device;

    @Option(names = "--existing",
            description = "Serve the user's active certificate instead of issuing one (no CA passphrase; its .p12 password is not known here).")
    boolean existing;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "0.0.0.0:8443",
            description = "Where the page listens (default ${DEFAULT-VALUE}; [IPv6]:PORT for IPv6).")
    String listen;

    @Option(names = "--url-host", paramLabel = "HOST",
            description = "The host name or address the phone reaches the page at (default: the --listen address, "
                    + "or the server address when listening on all addresses).")
    String urlHost;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "15m",
            description = "How long the link works: 90s, 15m, 1h (default ${DEFAULT-VALUE}, at most 24h).")
    String ttl;

    @Option(names = "--qr", paramLabel = "STYLE", defaultValue = "auto",
            description = "auto (colours on a terminal, else plain), ansi, plain (light blocks, for dark backgrounds) or none.")
    String qr;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + CaStore.DEFAULT_CLIENT_DAYS,
            description = "Validity of a new certificate in days (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--p12-password-file", paramLabel = "FILE", description = "Protect the .p12 with the first line of FILE (default: generate one).")
    Path p12PasswordFile;

    @Option(names = "--p12-profile", paramLabel = "PROFILE", defaultValue = "compatible",
            description = "compatible (default) or modern; see certvpn ca client.")
    String profile;

    @Option(names = "--key", paramLabel = "TYPE", defaultValue = "rsa:2048", description = "rsa:2048 (default), rsa:3072, rsa:4096 or ec:p256.")
    String key;

    @Mixin
    BundleOptions bundle;

    /** Tests shorten how long the page stays up after the link ended. */
    @Option(names = "--linger", hidden = true, defaultValue = "30s")
    String linger;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration lifetime = lifetime();
        // After the link ends, late visitors are told why for this long, then the server stops.
        Duration lingerTime = duration("--linger", linger);
        InetSocketAddress listenAddress;
        try {
            listenAddress = ListenAddress.parse(listen);
        } catch (IllegalArgumentException e) {
            throw new CliException("--listen: " + e.getMessage());
        }
        TerminalQr.Style qrStyle = qrStyle();
        bundle.check();
        probe(listenAddress);

        Optional<String> password = Optional.empty();
        ClientBundle b;
        if (existing) {
            try (CaStore ca = CaStore.open(dir.dir, null)) {
                IndexEntry entry = BundleOptions.activeClient(ca, cn, Optional.ofNullable(device));
                b = BundleBuilder.build(bundle.request(ca, entry, entry.serialHex() + " " + entry.cn(), err));
            } catch (CaException e) {
                throw CaOptions.fail(e);
            }
        } else {
            ClientRequest request = clientRequest();
            char[] pass = passphrase.read(false);
            // The store is locked only while issuing: serving the page takes minutes.
            try (CaStore ca = CaStore.open(dir.dir, pass)) {
                IssuedClient c = ca.issueClient(request);
                password = c.generatedPassword();
                out.println("Issued certificate " + c.entry().serialHex() + " for " + BundleOptions.describe(c.entry())
                        + ", valid until " + c.entry().notAfter());
                b = BundleBuilder.build(bundle.request(ca, c.entry(), c.friendlyName(), err));
            } catch (CaException e) {
                throw CaOptions.fail(e);
            }
        }

        String host = urlHost != null ? urlHost.strip()
                : listenAddress.getAddress().isAnyLocalAddress() ? b.serverAddress()
                : listenAddress.getAddress().getHostAddress();
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        EnrollmentGrant grant = EnrollmentGrant.issue(random, now, lifetime, lingerTime);
        List<String> names = new ArrayList<>(List.of(host));
        if (!listenAddress.getAddress().isAnyLocalAddress()) {
            names.add(listenAddress.getAddress().getHostAddress());
        }
        EphemeralTls tls = EphemeralTls.create(names, now, grant.expiresAt().plus(lingerTime).plus(Duration.ofMinutes(5)), random);
        EnrollmentServer server;
        try {
            server = EnrollmentServer.start(b, grant, listenAddress, host, tls, clock, line -> {
                synchronized (out) {
                    out.println("  " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "  " + line);
                    out.flush();
                }
            });
        } catch (IOException e) {
            throw new CliException("cannot listen on " + listen + ": " + e.getMessage()
                    + (existing ? "" : " (the certificate was issued; rerun with --existing to serve it)"));
        }
        try (server) {
            synchronized (out) {
                out.println();
                if (qrStyle != null) {
                    out.print(TerminalQr.render(server.url().toString(), qrStyle));
                }
                out.println("Enrollment link for " + b.user() + " (open it on the phone, or scan the code):");
                out.println("  " + server.url());
                out.println("  works until " + grant.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + " and for one download of the certificate");
                out.println("CA SHA-256 fingerprint (the page shows it; the user compares):");
                out.println("  " + b.caFingerprint());
                out.println("The browser warns about this page's own certificate; its SHA-256 fingerprint is");
                out.println("  " + Fingerprints.sha256(tls.certificate()));
                if (password.isPresent()) {
                    out.println("p12 password: " + password.get() + "   (tell it to " + b.user() + "; it is not on the page)");
                } else if (!existing) {
                    out.println("p12 password: the one in --p12-password-file (it is not on the page)");
                } else {
                    out.println("p12 password: the one given when this certificate was issued (it is not on the page)");
                }
                out.println("Waiting; Ctrl-C stops the page.");
                out.flush();
            }
            server.awaitStop(lifetime.plus(lingerTime).plus(Duration.ofMinutes(1)));
        }
        if (grant.spentBy().isEmpty()) {
            throw new CliException("the link ended without a download of the certificate"
                    + (existing ? "" : "; it stays issued: revoke it, or serve it again with --existing"));
        }
        out.println("Done: " + b.user() + "'s certificate went to " + grant.spentBy().get() + ".");
        out.flush();
        return 0;
    }

    /** Refuses an address that cannot be bound before a certificate is issued for nothing. */
    private void probe(InetSocketAddress address) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(address);
        } catch (IOException e) {
            throw new CliException("cannot listen on " + listen + ": " + e.getMessage());
        }
    }

    private static Duration duration(String option, String text) {
        try {
            return Values.duration(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(option + ": " + e.getMessage());
        }
    }

    private Duration lifetime() {
        Duration d = duration("--ttl", ttl);
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_TTL) > 0) {
            throw new CliException("--ttl must be between 1s and 24h, not " + ttl);
        }
        return d;
    }

    private TerminalQr.Style qrStyle() {
        return switch (qr.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> {
                java.io.Console c = System.console();
                yield c != null && c.isTerminal() && System.getenv("NO_COLOR") == null ? TerminalQr.Style.ANSI
                        : TerminalQr.Style.PLAIN;
            }
            case "ansi" -> TerminalQr.Style.ANSI;
            case "plain" -> TerminalQr.Style.PLAIN;
            case "none" -> null;
            default -> throw new CliException("--qr: use auto, ansi, plain or none, not \"" + qr + "\"");
        };
    }

    private ClientRequest clientRequest() {
        P12Profile p12Profile = P12Profile.fromName(profile);
        if (p12Profile == null) {
            throw new CliException("unknown .p12 profile \"" + profile + "\" (use compatible or modern)");
        }
        KeySpec keySpec = CaOptions.clientKey(key, spec.commandLine().getErr());
        Optional<String> pw = p12PasswordFile == null ? Optional.empty()
                : Optional.of(new String(CaOptions.firstLine(p12PasswordFile, ".p12 password file")));
        ClientRequest request = new ClientRequest(cn, Optional.ofNullable(device), days, pw, p12Profile, keySpec);
        try {
            request.validate();
        } catch (CaException e) {
            throw CaOptions.fail(e);
        }
        return request;
    }
}
