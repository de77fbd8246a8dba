package org.certvpn.gateway.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns on IPv4 forwarding and the client masquerade for as long as the gateway runs, and puts the
 * host back as it was: {@code certvpn serve --nat}.
 *
 * <p>Order matters so that a failure leaves nothing behind: the nftables table goes in first (one
 * atomic transaction), then forwarding is switched on; if that fails, the table is removed again.
 * {@link #close()} removes the table and restores {@code net.ipv4.ip_forward} to the value it had
 * before, only if this class changed it.
 *
 * <p>A gateway that is killed (SIGKILL, power loss of the process, not of the host) cannot clean up.
 * The optional state file, on tmpfs under /run, remembers the forwarding value from before the first
 * change, so the next start restores the true original on exit instead of the "1" it finds; the
 * leftover table is replaced atomically by the next start.
 */
public final class HostForwarding implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HostForwarding.class.getName());
    static final String IP_FORWARD = "net.ipv4.ip_forward";

    private final Masquerade masquerade;
    private final HostSystem host;
    private final Optional<Path> stateFile;
    private final Optional<String> restoreForwardingTo;
    private boolean closed;

    private HostForwarding(Masquerade masquerade, HostSystem host, Optional<Path> stateFile,
            Optional<String> restoreForwardingTo) {
        this.masquerade = masquerade;
        this.host = host;
        this.stateFile = stateFile;
        this.restoreForwardingTo = restoreForwardingTo;
    }

    /**
     * Adds the masquerade table and turns on IPv4 forwarding.
     *
     * @param stateFile where to remember the original forwarding value across a crash (e.g.
     *     {@code /run/certvpn/forwarding.state}); empty to not remember
     * @throws HostSetupException when nft is missing or refuses the rules, or the sysctl cannot be
     *     changed; the host is then as it was before the call
     */
    public static HostForwarding enable(Masquerade masquerade, HostSystem host, Optional<Path> stateFile)
            throws HostSetupException {
        Objects.requireNonNull(masquerade, "masquerade");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(stateFile, "stateFile");

        String current;
        try {
            current = host.readSysctl(IP_FORWARD);
        } catch (IOException e) {
            throw new HostSetupException("cannot read " + IP_FORWARD + ": " + e.getMessage(), e);
        }
        Optional<String> remembered = stateFile.flatMap(HostForwarding::readState);
        remembered.ifPresent(v -> LOG.log(Level.WARNING, "a previous gateway did not exit cleanly; " + IP_FORWARD
                + " was " + v + " before it and will be restored to that"));
        String original = remembered.orElse(current);

        addTable(masquerade, host);

        if (!current.equals("1")) {
            try {
                if (stateFile.isPresent()) {
                    writeState(stateFile.get(), original);
                }
                host.writeSysctl(IP_FORWARD, "1");
            } catch (IOException e) {
                removeTableQuietly(masquerade, host);
                stateFile.ifPresent(HostForwarding::deleteQuietly);
                throw new HostSetupException("cannot enable IPv4 forwarding (" + IP_FORWARD + "): " + e.getMessage()
                        + " (needs root or CAP_NET_ADMIN, and a writable /proc/sys)", e);
            }
            LOG.log(Level.INFO, "IPv4 forwarding enabled (was " + current + ")");
        }
        LOG.log(Level.INFO, "masquerading " + masquerade.sourceSet() + " in nftables table ip " + masquerade.table());
        Optional<String> restore = original.equals("1") ? Optional.empty() : Optional.of(original);
        if (restore.isEmpty()) {
            stateFile.ifPresent(HostForwarding::deleteQuietly);
        }
        return new HostForwarding(masquerade, host, stateFile, restore);
    }

    private static void addTable(Masquerade masquerade, HostSystem host) throws HostSetupException {
        CommandResult r;
        try {
            r = host.nft(List.of("-f", "-"), masquerade.replaceScript());
        } catch (IOException e) {
            throw new HostSetupException("cannot run nft (" + e.getMessage() + "): install nftables"
                    + " (apt install nftables), or run without --nat and set up forwarding yourself", e);
        }
        if (!r.ok()) {
            String line = r.firstErrorLine();
            String hint = line.contains("Operation not permitted") ? " (needs root or CAP_NET_ADMIN)"
                    : line.contains("No such file or directory") ? " (the kernel may lack nf_tables or nft_masq)" : "";
            throw new HostSetupException("nft refused the masquerade table ip " + masquerade.table() + ": " + line + hint);
        }
    }

    private static void removeTableQuietly(Masquerade masquerade, HostSystem host) {
        try {
            CommandResult r = host.nft(masquerade.deleteArgs(), "");
            if (!r.ok()) {
                LOG.log(Level.WARNING, "could not remove nftables table ip " + masquerade.table() + ": " + r.firstErrorLine());
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not remove nftables table ip " + masquerade.table() + ": " + e.getMessage());
        }
    }

    /**
     * The remembered original value, or empty when there is no usable state file. Never throws: a file
     * that is not what we wrote is ignored (and reported), since the current value is the safe fallback.
     */
    static Optional<String> readState(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Optional<String> v = parseState(Files.readString(file, StandardCharsets.UTF_8));
            if (v.isEmpty()) {
                LOG.log(Level.WARNING, "ignoring " + file + ": not a forwarding state file");
            }
            return v;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code net.ipv4.ip_forward=V} (V = 0 or 1) on one line, as {@link #writeState} writes it. */
    static Optional<String> parseState(String text) {
        String prefix = IP_FORWARD + "=";
        String line = text.strip();
        if (!line.startsWith(prefix)) {
            return Optional.empty();
        }
        String value = line.substring(prefix.length());
        return value.equals("0") || value.equals("1") ? Optional.of(value) : Optional.empty();
    }

    private static void writeState(Path file, String original) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, IP_FORWARD + "=" + original + "\n", StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove " + file + ": " + e.getMessage());
        }
    }

    /** The masquerade in force. */
    public Masquerade masquerade() {
        return masquerade;
    }

    /** The value {@code net.ipv4.ip_forward} goes back to on close, when this changed it. */
    public Optional<String> restoresForwardingTo() {
        return restoreForwardingTo;
    }

    /**
     * Removes the table and restores forwarding; does nothing the second time.
     *
     * @throws HostSetupException naming everything that could not be undone (the rest is undone anyway)
     */
    public synchronized void disable() throws HostSetupException {
        if (closed) {
            return;
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        try {
            CommandResult r = host.nft(masquerade.deleteArgs(), "");
            if (!r.ok()) {
                problems.add("nft could not delete table ip " + masquerade.table() + ": " + r.firstErrorLine());
            }
        } catch (IOException e) {
            problems.add("cannot run nft to delete table ip " + masquerade.table() + ": " + e.getMessage());
        }
        if (restoreForwardingTo.isPresent()) {
            try {
                host.writeSysctl(IP_FORWARD, restoreForwardingTo.get());
                LOG.log(Level.INFO, "IPv4 forwarding restored to " + restoreForwardingTo.get());
                stateFile.ifPresent(HostForwarding::deleteQuietly);
            } catch (IOException e) {
                problems.add("cannot restore " + IP_FORWARD + " to " + restoreForwardingTo.get() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new HostSetupException(String.join("; ", problems));
        }
        LOG.log(Level.INFO, "removed nftables table ip " + masquerade.table());
    }

    /** {@link #disable()}, logging instead of throwing: for shutdown paths that must go on. */
    @Override
    public void close() {
        try {
            disable();
        } catch (HostSetupException e) {
            LOG.log(Level.ERROR, "host not fully restored: " + e.getMessage());
        }
    }

    /**
     * The shell commands that do by hand what {@link #enable} does, and undo it: for the README and for
     * admins who run without {@code --nat}.
     */
    public static String manualCommands(Masquerade masquerade) {
        return "# let the host forward between the clients and the network\n"
                + "sysctl -w " + IP_FORWARD + "=1\n"
                + "# hide the client addresses behind the host's own address\n"
                + "nft -f - <<'EOF'\n"
                + masquerade.tableDefinition()
                + "EOF\n"
                + "# undo (restore the sysctl only if forwarding was off before)\n"
                + "nft " + String.join(" ", masquerade.deleteArgs()) + "\n"
                + "sysctl -w " + IP_FORWARD + "=0\n";
    }
}
