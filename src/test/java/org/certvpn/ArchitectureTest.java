package org.certvpn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layers pointing one way (docs/ARCHITECTURE.md): wire codecs, crypto and protocol engines
 * know nothing of sockets, files, clocks or configuration; configuration knows nothing of engines; the
 * gateway joins them; the CLI sits on top.
 */
class ArchitectureTest {
    private static final String ENGINES_PATTERN = "org.certvpn.(ike|esp|l2tp|ppp|pool)..";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.certvpn");
    }

    @Test
    void layersPointOneWay() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Base").definedBy("org.certvpn.common..", "org.certvpn.identity..")
                .layer("Crypto").definedBy("org.certvpn.crypto..", "org.certvpn.ipsec..")
                .layer("Pki").definedBy("org.certvpn.pki..")
                .layer("Engines").definedBy("org.certvpn.ike..", "org.certvpn.esp..", "org.certvpn.l2tp..",
                        "org.certvpn.ppp..", "org.certvpn.pool..")
                .layer("Config").definedBy("org.certvpn.config..")
                .layer("Edge").definedBy("org.certvpn.net..")
                .layer("Onboard").definedBy("org.certvpn.onboard..")
                .layer("Gateway").definedBy("org.certvpn.gateway..", "org.certvpn.control..", "org.certvpn.metrics..")
                .layer("Cli").definedBy("org.certvpn.cli..", "org.certvpn.loadgen..")
                .whereLayer("Base").mayNotAccessAnyLayer()
                .whereLayer("Crypto").mayOnlyAccessLayers("Base")
                .whereLayer("Pki").mayOnlyAccessLayers("Base")
                .whereLayer("Engines").mayOnlyAccessLayers("Base", "Crypto", "Pki")
                .whereLayer("Config").mayOnlyAccessLayers("Base", "Crypto", "Pki")
                .whereLayer("Edge").mayOnlyAccessLayers("Base")
                .whereLayer("Onboard").mayOnlyAccessLayers("Base", "Pki")
                .whereLayer("Gateway").mayOnlyAccessLayers("Base", "Crypto", "Pki", "Engines", "Config", "Edge")
                .check(classes);
    }

    @Test
    void enginesDoNotDependOnEachOther() {
        slices().matching("org.certvpn.(ike|esp|l2tp|ppp|pool)..")
                .should().notDependOnEachOther()
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void enginesAndCodecsDoNoIo() {
        noClasses().that().resideInAnyPackage(ENGINES_PATTERN, "org.certvpn.crypto..", "org.certvpn.ipsec..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.nio.channels..", "java.nio.file..", "java.lang.foreign..", "java.net.http..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .because("protocol engines are sans-IO: the edge owns sockets, files and the TUN device")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void enginesTakeTimeAndRandomnessFromOutside() {
        noClasses().that().resideInAnyPackage(ENGINES_PATTERN)
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .orShould().callConstructor(java.security.SecureRandom.class)
                .because("the clock and randomness are injected so exchanges replay deterministically in tests")
                .allowEmptyShould(true)
                .check(classes);
    }
}
