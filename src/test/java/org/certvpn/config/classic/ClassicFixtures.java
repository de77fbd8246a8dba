package org.certvpn.config.classic;

import java.nio.file.Path;

/** The classic golden inputs, for tests in other packages (round trips through the native file). */
public final class ClassicFixtures {
    private ClassicFixtures() {}

    /** Lays out the seed's /etc under {@code etc}, using certificates made by TestPki in {@code pki}. */
    public static Path seed(Path etc, Path pki) throws Exception {
        return SeedFiles.write(etc, pki);
    }

    /** Lays out a libreswan L2TP/PSK setup in one flat directory. */
    public static Path libreswanPsk(Path dir) throws Exception {
        return ClassicLoaderTest.writeHwdsl2(dir);
    }
}
