package org.certvpn.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.certvpn.config.ConfigSources;
import org.certvpn.config.classic.ClassicSources;
import picocli.CommandLine.Option;

/**
 * Where configuration comes from, as command-line flags shared by every command that reads it
 * ({@code config check}, {@code config convert}, {@code serve}): the native file, or the classic
 * openswan/xl2tpd/pppd files by directory and/or one flag per file.
 */
public final class ConfigSourceOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Native TOML configuration file.")
    Path config;

    @Option(names = "--etc", paramLabel = "DIR",
            description = "Directory laid out like /etc (ipsec.conf, ipsec.secrets, ipsec.d/, xl2tpd/, ppp/), or flat.")
    Path etc;

    @Option(names = "--ipsec-conf", paramLabel = "FILE", description = "openswan/libreswan ipsec.conf.")
    Path ipsecConf;

    @Option(names = "--ipsec-secrets", paramLabel = "FILE", description = "ipsec.secrets.")
    Path ipsecSecrets;

    @Option(names = "--ipsec-d", paramLabel = "DIR", description = "ipsec.d directory (certs/, private/, cacerts/, crls/).")
    Path ipsecD;

    @Option(names = "--xl2tpd-conf", paramLabel = "FILE", description = "xl2tpd.conf.")
    Path xl2tpdConf;

    @Option(names = "--ppp-options", paramLabel = "FILE", description = "pppd options file (instead of xl2tpd's pppoptfile).")
    Path pppOptions;

    @Option(names = "--chap-secrets", paramLabel = "FILE", description = "pppd chap-secrets.")
    Path chapSecrets;

    private boolean anyClassic() {
        return etc != null || ipsecConf != null || ipsecSecrets != null || ipsecD != null || xl2tpdConf != null
                || pppOptions != null || chapSecrets != null;
    }

    /** The sources named on the command line, or empty when none was named. */
    public Optional<ConfigSources> sourcesIfGiven() {
        if (config != null && anyClassic()) {
            throw new CliException("--config cannot be combined with --etc or the per-file flags");
        }
        if (config != null) {
            return Optional.of(new ConfigSources.Native(config));
        }
        if (!anyClassic()) {
            return Optional.empty();
        }
        if (etc == null && (ipsecConf == null || xl2tpdConf == null)) {
            throw new CliException("without --etc, give at least --ipsec-conf and --xl2tpd-conf");
        }
        return Optional.of(new ConfigSources.Classic(new ClassicSources(Optional.ofNullable(etc),
                Optional.ofNullable(ipsecConf), Optional.ofNullable(ipsecSecrets), Optional.ofNullable(ipsecD),
                Optional.ofNullable(xl2tpdConf), Optional.ofNullable(pppOptions), Optional.ofNullable(chapSecrets))));
    }

    /** The sources named on the command line; a one-line error when none was. */
    public ConfigSources sources() {
        return sourcesIfGiven().orElseThrow(() -> new CliException(
                "name a configuration: --config FILE, --etc DIR, or --ipsec-conf FILE --xl2tpd-conf FILE ..."));
    }
}
