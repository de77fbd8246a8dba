package org.certvpn.gateway.host;

import java.io.IOException;
import java.util.List;

/**
 * The parts of the host that forwarding setup touches: sysctls and external commands. {@link LocalHost}
 * is the real one; tests substitute their own to check the order of changes and the error paths.
 */
public interface HostSystem {
    /**
     * Reads a sysctl, e.g. {@code net.ipv4.ip_forward}, as the trimmed text of its /proc/sys file.
     *
     * @throws IOException when it cannot be read
     */
    String readSysctl(String name) throws IOException;

    /**
     * Writes a sysctl.
     *
     * @throws IOException when it cannot be written (not root, or /proc/sys mounted read-only)
     */
    void writeSysctl(String name, String value) throws IOException;

    /**
     * Runs {@code nft} with these arguments, feeding {@code stdin} to it.
     *
     * @throws IOException when nft cannot be started at all (not installed)
     */
    CommandResult nft(List<String> args, String stdin) throws IOException;
}
