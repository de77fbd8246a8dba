package org.certvpn.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.certvpn.pki.ca.CaException;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.IndexEntry;
import org.certvpn.pki.ca.RevocationReason;
import org.certvpn.pki.ca.RevokeResult;
import org.certvpn.pki.ca.RevokeTarget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code certvpn ca revoke}: revokes by user (and device) or by serial, and rewrites the CRL. */
@Command(
        name = "revoke",
        description = "Revoke a certificate by --cn [--device] or by --serial, and write a new CRL.")
final class CaRevokeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    CaOptions.Dir dir;

    @Mixin
    CaOptions.Passphrase passphrase;

    @Option(names = "--cn", paramLabel = "USER", description = "Revoke this user's unrevoked certificate(s) without a device name, or with --device.")
    String cn;

    @Option(names = "--device", paramLabel = "NAME", description = "With --cn: the device whose certificate to revoke.")
    String device;

    @Option(names = "--serial", paramLabel = "HEX", description = "Revoke the certificate with this serial (as `ca list` shows it).")
    String serial;

    @Option(names = "--reason", paramLabel = "REASON", defaultValue = "unspecified",
            description = "unspecified (default), keyCompromise, cACompromise, affiliationChanged, superseded, cessationOfOperation or privilegeWithdrawn.")
    String reason;

    @Override
    public Integer call() {
        RevokeTarget target = target();
        RevocationReason why = RevocationReason.fromName(reason);
        if (why == null) {
            throw new CliException("unknown reason \"" + reason + "\" (use " + RevocationReason.names() + ")");
        }
        char[] pass = passphrase.read(false);
        try (CaStore ca = CaStore.open(dir.dir, pass)) {
            RevokeResult r = ca.revoke(target, why);
            PrintWriter out = spec.commandLine().getOut();
            for (IndexEntry e : r.revoked()) {
                out.println("Revoked serial " + e.serialHex() + " (" + e.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + e.cn()
                        + e.device().map(d -> ", device " + d).orElse("") + "), reason " + why.rfcName());
            }
            out.println("CRL " + r.crl().number() + " written: " + r.crl().pemFile() + ", " + r.crl().derFile()
                    + " (" + r.crl().revokedCount() + " revoked, next update " + r.crl().nextUpdate() + ")");
            out.flush();
            return 0;
        } catch (CaException e) {
            throw CaOptions.fail(e);
        }
    }

    private RevokeTarget target() {
        if ((cn == null) == (serial == null)) {
            throw new CliException("give either --cn USER (with --device NAME if it has one) or --serial HEX");
        }
        if (serial != null) {
            if (device != null) {
                throw new CliException("--device goes with --cn, not with --serial");
            }
            try {
                return new RevokeTarget.BySerial(IndexEntry.parseSerial(serial));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
        }
        return new RevokeTarget.ByName(cn, Optional.ofNullable(device));
    }
}
