package org.certvpn.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.certvpn.pki.ca.CaException;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.IndexEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code certvpn ca list}: everything the CA issued, one line each. Needs no passphrase. */
@Command(
        name = "list",
        description = "List serial, CN, device, kind, not-after and status of every certificate issued.")
final class CaListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    CaOptions.Dir dir;

    @Override
    public Integer call() {
        List<IndexEntry> entries;
        try (CaStore ca = CaStore.open(dir.dir, null)) {
            entries = ca.list();
        } catch (CaException e) {
            throw CaOptions.fail(e);
        }
        Instant now = Instant.now();
        int cnWidth = Math.max(2, entries.stream().mapToInt(e -> e.cn().length()).max().orElse(0));
        int deviceWidth = Math.max(6, entries.stream().mapToInt(e -> e.device().orElse("-").length()).max().orElse(0));
        String format = "%-32s  %-" + cnWidth + "s  %-" + deviceWidth + "s  %-6s  %-20s  %s%n";
        PrintWriter out = spec.commandLine().getOut();
        out.printf(format, "SERIAL", "CN", "DEVICE", "KIND", "NOT AFTER", "STATUS");
        for (IndexEntry e : entries) {
            out.printf(format, e.serialHex(), e.cn(), e.device().orElse("-"), e.kind().name().toLowerCase(Locale.ROOT),
                    e.notAfter(), e.status(now));
        }
        out.flush();
        return 0;
    }
}
