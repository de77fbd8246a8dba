package org.certvpn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default setup {@code certvpn serve} creates on its first start: its directory and every file but the public
 * certificates and CRLs are readable by their owner only, the keys are encrypted, and a first start killed before it wrote the
 * configuration does not block the next one (its leftovers are set aside).
 */
class DefaultSetupTest {
    @TempDir
    Path tmp;

    @Test
    void everyFileWithASecretIs0600AndAnInterruptedFirstStartIsSetAside() throws Exception {
        Path dir = tmp.resolve("data");
        DefaultSetup.Prepared first = DefaultSetup.ensure(dir, Optional.of("vpn.example.com"), List.of("192.0.2.1"),
                new PrintWriter(new StringWriter()));
        assertThat(first.created()).isTrue();
        assertModes(dir);
        assertThat(Files.readString(dir.resolve("ca/private/ca.key"))).contains("ENCRYPTED PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("ca/server/server.key"))).contains("ENCRYPTED PRIVATE KEY");
        assertThat(ConfigLoader.load(new ConfigSources.Native(first.config()))).isInstanceOf(ConfigResult.Loaded.class);

        // Killed after the CA was made but before the configuration was written.
        Files.delete(first.config());
        StringWriter said = new StringWriter();
        DefaultSetup.Prepared again = DefaultSetup.ensure(dir, Optional.of("vpn.example.com"), List.of("192.0.2.1"),
                new PrintWriter(said));
        assertThat(again.created()).isTrue();
        assertThat(said.toString()).contains("interrupted");
        try (Stream<Path> s = Files.list(dir)) {
            Path aside = s.filter(p -> p.getFileName().toString().startsWith("interrupted-")).findFirst().orElseThrow();
            assertThat(aside.resolve("ca/private/ca.key")).exists();
        }
        assertModes(dir);
        assertThat(ConfigLoader.load(new ConfigSources.Native(again.config()))).isInstanceOf(ConfigResult.Loaded.class);
    }

    private static void assertModes(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                String name = p.getFileName().toString();
                if (p.equals(dir)) {
                    assertThat(mode).as("the data directory").isEqualTo("rwx------");
                } else if (Files.isDirectory(p)) {
                    assertThat(mode.charAt(4) == 'w' || mode.charAt(7) == 'w').as("directory %s is %s", p, mode).isFalse();
                } else if (!(name.endsWith(".crt") || name.endsWith(".pem") || name.endsWith(".der"))) {
                    assertThat(mode).as("%s", p).isEqualTo("rw-------");
                }
            }
        }
    }

    @Test
    void listensOnTheFirstGivenAddressThatIsLocalElseOnTheWildcard() {
        List<String> local = List.of("192.0.2.1", "198.51.100.1");
        assertThat(DefaultSetup.listenAddress(List.of("203.0.113.7", "198.51.100.1"), local)).isEqualTo("198.51.100.1");
        assertThat(DefaultSetup.listenAddress(List.of("203.0.113.7"), local)).as("public address in front of NAT")
                .isEqualTo("0.0.0.0");
        assertThat(DefaultSetup.listenAddress(List.of(), local)).isEqualTo("0.0.0.0");
    }
}
