package org.certvpn.gateway.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.certvpn.config.AddressRange;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order of host changes, what is undone, and the error messages, on a host in memory. */
class HostForwardingTest {
    private static final Masquerade POOL = new Masquerade("certvpn",
            List.of(AddressRange.parse("192.0.2.128-192.0.2.254")), "certvpn0");

    @TempDir
    Path dir;

    @Test
    void enablesForwardingAfterTheTableAndRestoresIt() throws Exception {
        FakeHost host = new FakeHost("0");
        HostForwarding f = HostForwarding.enable(POOL, host, Optional.empty());
        assertThat(host.tables).containsExactly("certvpn");
        assertThat(host.sysctls).containsEntry("net.ipv4.ip_forward", "1");
        assertThat(f.restoresForwardingTo()).hasValue("0");

        f.close();
        assertThat(host.tables).isEmpty();
        assertThat(host.sysctls).containsEntry("net.ipv4.ip_forward", "0");
        assertThat(host.calls).containsExactly("nft -f -", "sysctl net.ipv4.ip_forward=1",
                "nft delete table ip certvpn", "sysctl net.ipv4.ip_forward=0");

        f.close();
        assertThat(host.calls).hasSize(4);
    }

    @Test
    void leavesForwardingAloneWhenItWasAlreadyOn() throws Exception {
        FakeHost host = new FakeHost("1");
        try (HostForwarding f = HostForwarding.enable(POOL, host, Optional.empty())) {
            assertThat(f.restoresForwardingTo()).isEmpty();
        }
        assertThat(host.sysctls).containsEntry("net.ipv4.ip_forward", "1");
        assertThat(host.calls).containsExactly("nft -f -", "nft delete table ip certvpn");
    }

    @Test
    void missingNftChangesNothingAndSaysWhatToInstall() {
        FakeHost host = new FakeHost("0");
        host.nftMissing = true;
        assertThatThrownBy(() -> HostForwarding.enable(POOL, host, Optional.empty()))
                .isInstanceOf(HostSetupException.class)
                .hasMessageContaining("cannot run nft")
                .hasMessageContaining("install nftables")
                .hasMessageContaining("without --nat");
        assertThat(host.sysctls).containsEntry("net.ipv4.ip_forward", "0");
    }

    @Test
    void refusedRulesChangeNothingAndQuoteNft() {
        FakeHost host = new FakeHost("0");
        host.nftAddError = "Error: Could not process rule: Operation not permitted";
        assertThatThrownBy(() -> HostForwarding.enable(POOL, host, Optional.empty()))
                .isInstanceOf(HostSetupException.class)
                .hasMessage("nft refused the masquerade table ip certvpn: Error: Could not process rule: "
                        + "Operation not permitted (needs root or CAP_NET_ADMIN)");
        assertThat(host.sysctls).containsEntry("net.ipv4.ip_forward", "0");
        assertThat(host.calls).containsExactly("nft -f -");
    }

    @Test
    void aReadOnlySysctlRemovesTheTableAgain() {
        FakeHost host = new FakeHost("0");
        host.sysctlReadOnly = true;
        assertThatThrownBy(() -> HostForwarding.enable(POOL, host, Optional.of(dir.resolve("fwd.state"))))
                .isInstanceOf(HostSetupException.class)
                .hasMessageContaining("cannot enable IPv4 forwarding")
                .hasMessageContaining("Read-only file system")
                .hasMessageContaining("writable /proc/sys");
        assertThat(host.tables).isEmpty();
        assertThat(dir.resolve("fwd.state")).doesNotExist();
    }

    @Test
    void aTableRemovedBehindOurBackIsReportedAndForwardingStillRestored() throws Exception {
        FakeHost host = new FakeHost("0");
        HostForwarding f = HostForwarding.enable(POOL, host, Optional.empty());
        host.tables.clear();
        assertThatThrownBy(f::disable).isInstanceOf(HostSetupException.class)
                .hasMessageContaining("could not delete table ip certvpn")
                .hasMessageContaining("No such file or directory");
        assertThat(host.sysctls).containsEntry("net.ipv4.ip_forward", "0");
    }

    @Test
    void afterACrashTheOriginalForwardingValueComesFromTheStateFile() throws Exception {
        Path state = dir.resolve("run/fwd.state");
        FakeHost host = new FakeHost("0");
        HostForwarding.enable(POOL, host, Optional.of(state));
        assertThat(Files.readString(state)).isEqualTo("net.ipv4.ip_forward=0\n");
        // killed here: neither close() nor a shutdown hook ran; the table and forwarding=1 remain

        HostForwarding second = HostForwarding.enable(POOL, host, Optional.of(state));
        assertThat(second.restoresForwardingTo()).hasValue("0");
        second.close();
        assertThat(host.sysctls).containsEntry("net.ipv4.ip_forward", "0");
        assertThat(host.tables).isEmpty();
        assertThat(state).doesNotExist();
    }

    @Test
    void noStateFileIsLeftWhenForwardingWasAlreadyOn() throws Exception {
        Path state = dir.resolve("fwd.state");
        FakeHost host = new FakeHost("1");
        try (HostForwarding f = HostForwarding.enable(POOL, host, Optional.of(state))) {
            assertThat(state).doesNotExist();
        }
    }

    @Test
    void stateFileParsing() {
        assertThat(HostForwarding.parseState("net.ipv4.ip_forward=0\n")).hasValue("0");
        assertThat(HostForwarding.parseState("net.ipv4.ip_forward=1")).hasValue("1");
        assertThat(HostForwarding.parseState("net.ipv4.ip_forward=2")).isEmpty();
        assertThat(HostForwarding.parseState("")).isEmpty();
        assertThat(HostForwarding.parseState("garbage")).isEmpty();
    }

    @Test
    void rulesetIsOneTableWithOneMasqueradeRule() {
        Masquerade m = new Masquerade("certvpn", List.of(AddressRange.parse("192.0.2.128-192.0.2.254"),
                AddressRange.parse("192.0.2.10"), AddressRange.parse("192.0.2.200-192.0.2.210")), "certvpn0");
        assertThat(m.sources()).extracting(AddressRange::toString).containsExactly("192.0.2.10", "192.0.2.128-192.0.2.254");
        assertThat(m.tableDefinition()).isEqualTo("""
                table ip certvpn {
                \tchain postrouting {
                \t\ttype nat hook postrouting priority 100; policy accept;
                \t\tip saddr { 192.0.2.10, 192.0.2.128-192.0.2.254 } oifname != "certvpn0" masquerade comment "CertVPN clients"
                \t}
                }
                """);
        assertThat(m.replaceScript()).startsWith("table ip certvpn\ndelete table ip certvpn\ntable ip certvpn {\n");
    }

    @Test
    void adjacentRangesAreJoined() {
        assertThat(Masquerade.merge(List.of(AddressRange.parse("192.0.2.20-192.0.2.29"), AddressRange.parse("192.0.2.10-192.0.2.19"),
                AddressRange.parse("192.0.2.31")))).extracting(AddressRange::toString)
                .containsExactly("192.0.2.10-192.0.2.29", "192.0.2.31");
    }

    @Test
    void namesThatCouldInjectIntoTheScriptAreRefused() {
        var pool = List.of(AddressRange.parse("192.0.2.128-192.0.2.254"));
        assertThatThrownBy(() -> new Masquerade("certvpn", pool, "eth0\" accept"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Masquerade("x; flush ruleset", pool, "certvpn0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Masquerade("certvpn", List.of(), "certvpn0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The pool and the static user address of certvpn.example.toml. */
    private static final Masquerade EXAMPLE = new Masquerade("certvpn",
            List.of(AddressRange.parse("192.0.2.128-192.0.2.254"), AddressRange.parse("192.0.2.10")), "certvpn0");

    @Test
    void configurationGivesThePoolStaticAddressesAndTunDevice() throws Exception {
        Path toml = dir.resolve("certvpn.toml");
        Files.writeString(toml, """
                [[connection]]
                name = "psk"
                auth = "psk"
                [[connection.psk]]
                ids = ["%any"]
                secret = "a-long-random-pre-shared-key"
                [l2tp]
                local-ip = "192.0.2.1"
                pool = ["192.0.2.128-192.0.2.254", "198.51.100.0/29"]
                [[user]]
                name = "alice"
                password = "alice-ppp-password"
                static-address = "192.0.2.10"
                [[user]]
                name = "bob"
                password = "bob-ppp-password"
                static-address = "192.0.2.130"
                [tun]
                name = "vpn7"
                """);
        ConfigResult r = ConfigLoader.load(new ConfigSources.Native(toml));
        assertThat(r).isInstanceOf(ConfigResult.Loaded.class);
        Masquerade m = Masquerade.forConfig(((ConfigResult.Loaded) r).config());
        assertThat(m.sources()).extracting(AddressRange::toString)
                .containsExactly("192.0.2.10", "192.0.2.128-192.0.2.254", "198.51.100.1-198.51.100.6");
        assertThat(m.tunInterface()).isEqualTo("vpn7");
        assertThat(m.table()).isEqualTo("certvpn");
    }

    @Test
    void readmeShowsTheManualCommandsForTheExampleConfiguration() throws Exception {
        assertThat(Files.readString(Path.of("certvpn.example.toml")))
                .contains("pool = [\"192.0.2.128-192.0.2.254\"]", "static-address = \"192.0.2.10\"", "name = \"certvpn0\"");
        String commands = HostForwarding.manualCommands(EXAMPLE);
        assertThat(commands).contains("sysctl -w net.ipv4.ip_forward=1\n", "nft -f - <<'EOF'\n",
                "nft delete table ip certvpn\n");
        assertThat(Files.readString(Path.of("README.md"))).contains("```sh\n" + commands + "```\n");
    }

    @Test
    void localHostNamesAMissingNftBinary() {
        FakeHost sysctls = new FakeHost("0");
        HostSystem host = new HostSystem() {
            private final LocalHost local = new LocalHost(dir.resolve("no-such-nft").toString());

            @Override
            public String readSysctl(String name) throws java.io.IOException {
                return sysctls.readSysctl(name);
            }

            @Override
            public void writeSysctl(String name, String value) throws java.io.IOException {
                sysctls.writeSysctl(name, value);
            }

            @Override
            public CommandResult nft(List<String> args, String stdin) throws java.io.IOException {
                return local.nft(args, stdin);
            }
        };
        assertThatThrownBy(() -> HostForwarding.enable(POOL, host, Optional.empty()))
                .isInstanceOf(HostSetupException.class)
                .hasMessageContaining("no-such-nft")
                .hasMessageContaining("install nftables");
        assertThat(sysctls.calls).isEmpty();
    }
}
