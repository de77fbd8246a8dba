package org.certvpn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.certvpn.onboard.BundleBuilder;
import org.certvpn.onboard.ClientBundle;
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

/** {@code certvpn ca client}: issues a user's certificate as a {@code .p12} and prints how to install it. */
@Command(
        name = "client",
        description = {
    "Issue a user's certificate: subject = the CA's RDNs with CN=<cn>, EKU clientAuth.",
    "Writes clients/<cn>/<cn>[-<device>].p12 (key, certificate and CA) and .crt, then prints install steps;",
    "with --bundle also a folder and zip with everything a client needs (see certvpn ca bundle)."
})
final class CaClientCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    CaOptions.Dir dir;

    @Mixin
    CaOptions.Passphrase passphrase;

    @Option(names = "--cn", required = true, paramLabel = "USER", description = "The user name (also the PPP user).")
    String cn;

    @Option(names = "--device", paramLabel = "NAME", description = "Names this certificate; needed for a user's second active certificate.")
    String device;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + CaStore.DEFAULT_CLIENT_DAYS,
            description = "Validity in days (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--p12-password-file", paramLabel = "FILE", description = "Protect the .p12 with the first line of FILE (default: generate and print one).")
    Path p12PasswordFile;

    @Option(names = "--p12-profile", paramLabel = "PROFILE", defaultValue = "compatible",
            description = "compatible (default: PBE-SHA1-3DES, SHA-1 MAC; old Android, iOS, Windows) or modern (AES-256/PBKDF2, HMAC-SHA256).")
    String profile;

    @Option(names = "--key", paramLabel = "TYPE", defaultValue = "rsa:2048", description = "rsa:2048 (default), rsa:3072, rsa:4096 or ec:p256.")
    String key;

    @Option(names = "--bundle", arity = "0..1", paramLabel = "DIR", fallbackValue = ".",
            description = "Also write the client bundle (folder and zip: .p12, CA .crt, setup texts, .mobileconfig, "
                    + "Windows script) into DIR (default: the current directory).")
    Path bundleDir;

    @Mixin
    BundleOptions bundle;

    @Override
    public Integer call() {
        P12Profile p12Profile = P12Profile.fromName(profile);
        if (p12Profile == null) {
            throw new CliException("unknown .p12 profile \"" + profile + "\" (use compatible or modern)");
        }
        KeySpec keySpec = CaOptions.clientKey(key, spec.commandLine().getErr());
        Optional<String> password = p12PasswordFile == null ? Optional.empty()
                : Optional.of(new String(CaOptions.firstLine(p12PasswordFile, ".p12 password file")));
        if (bundleDir == null && bundle.anyGiven()) {
            throw new CliException("--server, --psk-file and --server-behind-nat go with --bundle");
        }
        if (bundleDir != null) {
            bundle.check();
        }
        ClientRequest request = new ClientRequest(cn, Optional.ofNullable(device), days, password, p12Profile, keySpec);
        try {
            request.validate();
        } catch (CaException e) {
            throw CaOptions.fail(e);
        }
        char[] pass = passphrase.read(false);
        try (CaStore ca = CaStore.open(dir.dir, pass)) {
            IssuedClient c = ca.issueClient(request);
            PrintWriter out = spec.commandLine().getOut();
            IndexEntry e = c.entry();
            out.println("Issued client certificate for " + e.cn() + e.device().map(d -> " (device " + d + ")").orElse("")
                    + ", serial " + e.serialHex() + ", valid until " + e.notAfter());
            out.println("  subject      " + CaOptions.subject(c.certificate().getSubjectX500Principal()));
            out.println("  p12          " + c.p12File() + " (key, certificate and CA; " + c.profile() + " profile)");
            out.println("  certificate  " + c.certificateFile());
            out.println("  shown as     \"" + c.friendlyName() + "\"");
            c.generatedPassword().ifPresent(pw ->
                    out.println("  p12 password " + pw + "   (generated: give it to the user apart from the file)"));
            out.println();
            String fqdn = ca.currentServer().map(IndexEntry::cn).orElse("<server FQDN>");
            if (bundleDir != null) {
                // The certificate is issued whatever happens here: a bundle that cannot be written is
                // reported, and certvpn ca bundle writes it again without issuing another.
                ClientBundle b = BundleBuilder.build(bundle.request(ca, e, c.friendlyName(), spec.commandLine().getErr()));
                BundleOptions.printWritten(out, b, CaBundleCommand.write(b, bundleDir));
                out.println("  Setup per OS: SETUP-*.txt in the folder.");
            } else {
                out.print(CaInstallSteps.text(c.p12File().getFileName().toString(), c.friendlyName(), fqdn));
            }
            out.flush();
            return 0;
        } catch (CaException e) {
            throw CaOptions.fail(e);
        }
    }
}
