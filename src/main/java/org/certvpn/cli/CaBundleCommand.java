package org.certvpn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.certvpn.onboard.BundleBuilder;
import org.certvpn.onboard.ClientBundle;
import org.certvpn.pki.ca.CaException;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.IndexEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code certvpn ca bundle}: the client bundle for a user's existing certificate. */
@Command(
        name = "bundle",
        description = {
            "Write the client bundle of a user's active certificate: a folder and a zip",
            "with the .p12, the CA .crt, a setup text per OS, an iOS/macOS .mobileconfig",
            "and a Windows PowerShell script. Needs no passphrase. The .p12 password is",
            "not in the bundle: hand it over separately."
        })
final class CaBundleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    CaOptions.Dir dir;

    @Option(names = "--cn", required = true, paramLabel = "USER", description = "The user name.")
    String cn;

    @Option(names = "--device", paramLabel = "NAME", description = "Which of the user's certificates, when it has a device name.")
    String device;

    @Mixin
    BundleOptions bundle;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where the bundle folder and zip go (default: the current directory).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        bundle.check();
        try (CaStore ca = CaStore.open(dir.dir, null)) {
            IndexEntry entry = BundleOptions.activeClient(ca, cn, Optional.ofNullable(device));
            ClientBundle b = BundleBuilder.build(
                    bundle.request(ca, entry, entry.serialHex() + " " + entry.cn(), spec.commandLine().getErr()));
            ClientBundle.Written written = write(b, out);
            BundleOptions.printWritten(w, b, written);
            w.flush();
            return 0;
        } catch (CaException e) {
            throw CaOptions.fail(e);
        }
    }

    static ClientBundle.Written write(ClientBundle b, Path out) {
        try {
            return b.writeTo(out);
        } catch (IOException e) {
            throw new CliException("cannot write the bundle to " + out + ": " + e.getMessage());
        }
    }
}
