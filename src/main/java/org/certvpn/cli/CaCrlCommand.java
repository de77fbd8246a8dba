package org.certvpn.cli;

import java.util.concurrent.Callable;
import org.certvpn.pki.ca.CaException;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.CrlInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code certvpn ca crl}: writes a fresh CRL (run it before the last one's nextUpdate, e.g. from cron). */
@Command(
        name = "crl",
        description = "Write crl.pem and crl.der with the next CRL number; later revocations keep --days.")
final class CaCrlCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    CaOptions.Dir dir;

    @Mixin
    CaOptions.Passphrase passphrase;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + CaStore.DEFAULT_CRL_DAYS,
            description = "Days until nextUpdate (default ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() {
        char[] pass = passphrase.read(false);
        try (CaStore ca = CaStore.open(dir.dir, pass)) {
            CrlInfo crl = ca.generateCrl(days);
            spec.commandLine().getOut().println("CRL " + crl.number() + " written: " + crl.pemFile() + ", " + crl.derFile()
                    + " (" + crl.revokedCount() + " revoked, next update " + crl.nextUpdate() + ")");
            spec.commandLine().getOut().flush();
            return 0;
        } catch (CaException e) {
            throw CaOptions.fail(e);
        }
    }
}
