package org.certvpn.onboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Onboarding sits between the PKI and the CLI: it reads certificates and the CA's files and may use
 * the base layer, but knows nothing of engines, configuration, the gateway or the CLI. (The global
 * ArchitectureTest does not list this package in a layer yet.)
 */
class OnboardLayerTest {
    @Test
    void usesOnlyBaseAndPki() {
        noClasses().that().resideInAPackage("org.certvpn.onboard..")
                .should().dependOnClassesThat().resideInAnyPackage("org.certvpn.ike..", "org.certvpn.esp..",
                        "org.certvpn.l2tp..", "org.certvpn.ppp..", "org.certvpn.pool..", "org.certvpn.config..",
                        "org.certvpn.net..", "org.certvpn.gateway..", "org.certvpn.control..", "org.certvpn.metrics..",
                        "org.certvpn.cli..", "org.certvpn.loadgen..", "org.certvpn.crypto..", "org.certvpn.ipsec..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.certvpn.onboard"));
    }
}
