package org.certvpn.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.certvpn.pki.ca.CaException;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.IssuedServer;
import org.certvpn.pki.ca.KeySpec;
import org.certvpn.pki.ca.ServerRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code certvpn ca server}: issues the gateway's certificate directly from the root. */
@Command(
        name = "server",
        description = {
    "Issue the gateway's certificate directly from the root (phones accept no intermediate here).",
    "CN and SAN dNSName = the FQDN; each --ip adds an iPAddress and a dNSName holding the address;",
    "EKU serverAuth + IKE intermediate. Writes server/server.crt, server.key and server.pass in the CA directory."
})
final class CaServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    CaOptions.Dir dir;

    @Mixin
    CaOptions.Passphrase passphrase;

    @Option(names = "--fqdn", required = true, paramLabel = "NAME", description = "The name users type on their devices.")
    String fqdn;

    @Option(names = "--ip", paramLabel = "ADDR", description = "An address users may type instead (repeatable).")
    List<String> ips = new ArrayList<>();

    @Option(names = "--subject", paramLabel = "DN", description = "Other RDNs of the subject, without CN (default: the CA's).")
    String subject;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + CaStore.DEFAULT_SERVER_DAYS,
            description = "Validity in days (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--key", paramLabel = "TYPE", defaultValue = "rsa:2048",
            description = "rsa:2048 (default), rsa:3072 or rsa:4096 (IKEv1 signs with RSA).")
    String key;

    @Override
    public Integer call() {
        KeySpec keySpec = CaOptions.keySpec(key);
        if (!keySpec.isRsa()) {
            // IKEv1 Main Mode here signs with RSA only (RFC 2409 §5.1), as the phones' L2TP/IPsec clients expect:
            // the gateway would refuse to load an EC certificate.
            throw new CliException("the gateway's certificate needs an RSA key (" + keySpec + " given): IKEv1 "
                    + "authentication uses RSA signatures; use --key rsa:2048, rsa:3072 or rsa:4096");
        }
        ServerRequest request = new ServerRequest(fqdn, ips, Optional.ofNullable(subject), days, keySpec);
        try {
            request.validate();
        } catch (CaException e) {
            throw CaOptions.fail(e);
        }
        char[] pass = passphrase.read(false);
        try (CaStore ca = CaStore.open(dir.dir, pass)) {
            IssuedServer s = ca.issueServer(request);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Issued server certificate for " + s.entry().cn() + " (serial " + s.entry().serialHex()
                    + ", valid until " + s.entry().notAfter() + ")");
            out.println("  subject      " + CaOptions.subject(s.certificate().getSubjectX500Principal()));
            out.println("  SAN          " + CaOptions.join(subjectAltNames(s)));
            out.println("  certificate  " + s.certificateFile());
            out.println("  key          " + s.keyFile() + " (passphrase in " + s.keyPassphraseFile() + ")");
            out.flush();
            return 0;
        } catch (CaException e) {
            throw CaOptions.fail(e);
        }
    }

    private static List<String> subjectAltNames(IssuedServer s) {
        List<String> out = new ArrayList<>();
        try {
            for (List<?> san : s.certificate().getSubjectAlternativeNames()) {
                int type = (Integer) san.get(0);
                out.add((type == 7 ? "IP:" : "DNS:") + san.get(1));
            }
        } catch (java.security.cert.CertificateParsingException e) {
            out.add("(unreadable: " + e.getMessage() + ")");
        }
        return out;
    }
}
