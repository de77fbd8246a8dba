package org.certvpn.cli;

import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.certvpn.pki.ca.CaException;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.KeySpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code certvpn ca init}: creates the self-signed root. */
@Command(
        name = "init",
        description = "Create a CA: a self-signed root (CA:TRUE), its encrypted key and an empty CRL.")
final class CaInitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    CaOptions.Dir dir;

    @Mixin
    CaOptions.Passphrase passphrase;

    @Option(names = "--subject", required = true, paramLabel = "DN",
            description = "The root's name in certificate order, e.g. \"C=JP, ST=Tokyo, O=Example, CN=Example Root CA\".")
    String subject;

    @Option(names = "--key", paramLabel = "TYPE", defaultValue = "rsa:2048",
            description = "rsa:2048 (default), rsa:3072, rsa:4096 or ec:p256.")
    String key;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + CaStore.DEFAULT_CA_DAYS,
            description = "Validity in days (default ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() {
        KeySpec keySpec = CaOptions.keySpec(key);
        try {
            CaStore.validateInit(dir.dir, subject, days);
        } catch (CaException e) {
            throw CaOptions.fail(e);
        }
        char[] pass = passphrase.read(true);
        try (CaStore ca = CaStore.init(dir.dir, subject, keySpec, days, pass)) {
            X509Certificate root = ca.caCertificate();
            PrintWriter out = spec.commandLine().getOut();
            out.println("Created CA \"" + CaOptions.subject(root.getSubjectX500Principal()) + "\" in " + ca.layout().dir());
            out.println("  certificate  " + ca.layout().caCertificate() + " (serial " + ca.list().getFirst().serialHex()
                    + ", valid until " + root.getNotAfter().toInstant() + ")");
            out.println("  key          " + ca.layout().caKey() + " (" + keySpec + ", encrypted with the CA passphrase)");
            out.println("  CRL          " + ca.layout().crlPem() + ", " + ca.layout().crlDer());
            out.println("Next: certvpn ca server --dir " + ca.layout().dir() + " --fqdn vpn.example.com");
            out.flush();
            return 0;
        } catch (CaException e) {
            throw CaOptions.fail(e);
        }
    }
}
