package org.certvpn.gateway.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A host in memory: sysctls, the nftables tables that exist, and every nft call, with failures to order. */
final class FakeHost implements HostSystem {
    final Map<String, String> sysctls = new HashMap<>();
    final Set<String> tables = new HashSet<>();
    final List<String> calls = new ArrayList<>();
    boolean nftMissing;
    boolean sysctlReadOnly;
    String nftAddError;

    FakeHost(String ipForward) {
        sysctls.put("net.ipv4.ip_forward", ipForward);
    }

    @Override
    public String readSysctl(String name) throws IOException {
        String v = sysctls.get(name);
        if (v == null) {
            throw new IOException("/proc/sys/" + name.replace('.', '/') + ": No such file");
        }
        return v;
    }

    @Override
    public void writeSysctl(String name, String value) throws IOException {
        calls.add("sysctl " + name + "=" + value);
        if (sysctlReadOnly) {
            throw new IOException("/proc/sys/" + name.replace('.', '/') + ": Read-only file system");
        }
        sysctls.put(name, value);
    }

    @Override
    public CommandResult nft(List<String> args, String stdin) throws IOException {
        calls.add("nft " + String.join(" ", args));
        if (nftMissing) {
            throw new IOException("Cannot run program \"nft\": error=2, No such file or directory");
        }
        if (args.equals(List.of("-f", "-"))) {
            if (nftAddError != null) {
                return new CommandResult(1, "", "\n" + nftAddError + "\nmore detail\n");
            }
            String name = stdin.lines().findFirst().orElseThrow().replace("table ip ", "");
            tables.add(name);
            return new CommandResult(0, "", "");
        }
        if (args.size() == 4 && args.subList(0, 3).equals(List.of("delete", "table", "ip"))) {
            return tables.remove(args.get(3)) ? new CommandResult(0, "", "")
                    : new CommandResult(1, "", "Error: Could not process rule: No such file or directory\n");
        }
        return new CommandResult(1, "", "Error: unexpected command\n");
    }
}
