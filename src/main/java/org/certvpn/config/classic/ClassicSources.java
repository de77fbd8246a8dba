package org.certvpn.config.classic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the classic files are: an {@code /etc}-like directory ({@code --etc DIR}), per-file paths, or
 * both (a per-file path wins). Under {@code DIR} both layouts are found:
 *
 * <pre>
 * nested (a copy of /etc)            flat
 * DIR/ipsec.conf                     DIR/ipsec.conf
 * DIR/ipsec.secrets                  DIR/ipsec.secrets
 * DIR/ipsec.d/{certs,private,...}    DIR/{certs,private,cacerts,crls}  (or DIR/ipsec.d/...)
 * DIR/xl2tpd/xl2tpd.conf             DIR/xl2tpd.conf
 * DIR/ppp/chap-secrets               DIR/chap-secrets
 * </pre>
 *
 * Absolute {@code /etc/...} paths inside the files (pppoptfile, include) are looked up under DIR, first
 * at the same relative place, then by file name directly in DIR.
 */
public record ClassicSources(
        Optional<Path> etcDir,
        Optional<Path> ipsecConf,
        Optional<Path> ipsecSecrets,
        Optional<Path> ipsecD,
        Optional<Path> xl2tpdConf,
        Optional<Path> pppOptions,
        Optional<Path> chapSecrets) {

    public ClassicSources {
        Objects.requireNonNull(etcDir, "etcDir");
        Objects.requireNonNull(ipsecConf, "ipsecConf");
        Objects.requireNonNull(ipsecSecrets, "ipsecSecrets");
        Objects.requireNonNull(ipsecD, "ipsecD");
        Objects.requireNonNull(xl2tpdConf, "xl2tpdConf");
        Objects.requireNonNull(pppOptions, "pppOptions");
        Objects.requireNonNull(chapSecrets, "chapSecrets");
    }

    /** Everything under one directory. */
    public static ClassicSources etc(Path dir) {
        return new ClassicSources(Optional.of(dir), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    Path resolvedIpsecConf() {
        return ipsecConf.orElseGet(() -> etcDir.map(d -> d.resolve("ipsec.conf")).orElse(Path.of("/etc/ipsec.conf")));
    }

    Path resolvedIpsecSecrets() {
        return ipsecSecrets.orElseGet(() -> resolvedIpsecConf().resolveSibling("ipsec.secrets"));
    }

    /** The ipsec.d directory; in a flat layout the directory holding certs/, private/, ... itself. */
    Path resolvedIpsecD() {
        if (ipsecD.isPresent()) {
            return ipsecD.get();
        }
        Path base = etcDir.orElse(resolvedIpsecConf().toAbsolutePath().getParent());
        Path nested = base.resolve("ipsec.d");
        if (Files.isDirectory(nested) || !Files.isDirectory(base.resolve("certs")) && !Files.isDirectory(base.resolve("cacerts"))) {
            return nested;
        }
        return base;
    }

    Path resolvedXl2tpdConf() {
        if (xl2tpdConf.isPresent()) {
            return xl2tpdConf.get();
        }
        if (etcDir.isPresent()) {
            Path nested = etcDir.get().resolve("xl2tpd").resolve("xl2tpd.conf");
            return Files.exists(nested) ? nested : etcDir.get().resolve("xl2tpd.conf");
        }
        return Path.of("/etc/xl2tpd/xl2tpd.conf");
    }

    Path resolvedChapSecrets() {
        if (chapSecrets.isPresent()) {
            return chapSecrets.get();
        }
        if (etcDir.isPresent()) {
            Path nested = etcDir.get().resolve("ppp").resolve("chap-secrets");
            return Files.exists(nested) ? nested : etcDir.get().resolve("chap-secrets");
        }
        return Path.of("/etc/ppp/chap-secrets");
    }

    /**
     * A path as written inside a file: {@code /etc/...} is mapped under {@code --etc DIR}; a relative path
     * is relative to {@code relativeTo}.
     */
    Path map(String written, Path relativeTo) {
        Path p = Path.of(written);
        if (p.isAbsolute()) {
            if (etcDir.isPresent() && written.startsWith("/etc/")) {
                Path under = etcDir.get().resolve(written.substring("/etc/".length()));
                if (Files.exists(under) || under.getParent() != null && Files.isDirectory(under.getParent())) {
                    return under;
                }
                Path flat = etcDir.get().resolve(p.getFileName().toString());
                return Files.exists(flat) ? flat : under;
            }
            return p;
        }
        return relativeTo.resolve(p);
    }
}
