package org.certvpn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.certvpn.pki.ca.CaException;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.ExportedCa;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code certvpn ca export-ca}: the CA certificate for clients, as PEM and DER, both named {@code .crt}. */
@Command(
        name = "export-ca",
        description = "Write the CA certificate as ca.crt (PEM) and ca-der.crt (DER) into --out.")
final class CaExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    CaOptions.Dir dir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into (created if missing).")
    Path out;

    @Override
    public Integer call() {
        try (CaStore ca = CaStore.open(dir.dir, null)) {
            ExportedCa files = ca.exportCa(out);
            PrintWriter w = spec.commandLine().getOut();
            w.println("Wrote the CA certificate \"" + CaOptions.subject(ca.caCertificate().getSubjectX500Principal()) + "\":");
            w.println("  " + files.pemFile() + "  PEM");
            w.println("  " + files.derFile() + "  DER, the same certificate (Android's installer lists only .crt and .p12 files)");
            w.flush();
            return 0;
        } catch (CaException e) {
            throw CaOptions.fail(e);
        }
    }
}
