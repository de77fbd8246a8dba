package org.certvpn.config.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import org.certvpn.config.ConfigProblem;
import org.certvpn.config.PkiSource;
import org.certvpn.config.Problems;
import org.certvpn.config.ProposalParser;
import org.certvpn.config.classic.ChapSecretsParser;
import org.certvpn.config.classic.IpsecConfParser;
import org.certvpn.config.classic.IpsecSecretsParser;
import org.certvpn.config.classic.PppOptionsParser;
import org.certvpn.config.classic.Xl2tpdConfParser;
import org.certvpn.config.toml.NativeConfigReader;
import org.certvpn.pki.PkiFileException;

/**
 * Every configuration parser on arbitrary text: none may throw or hang, and every input either parses
 * or yields errors that name the file and a line inside it. Seeds and regression inputs live in
 * src/test/resources/org/certvpn/config/fuzz/ConfigParsersFuzzTestInputs/METHOD/.
 */
class ConfigParsersFuzzTest {
    private static final String FILE = "fuzz.conf";

    /** Certificates and keys are not read while fuzzing: every reference is a clean, positioned error. */
    private static final PkiSource NO_FILES = new PkiSource() {
        @Override
        public String secret(java.nio.file.Path file) throws PkiFileException {
            throw new PkiFileException(file, "no files in fuzzing");
        }

        @Override
        public List<X509Certificate> certificates(Path file) throws PkiFileException {
            throw new PkiFileException(file, "not read while fuzzing");
        }

        @Override
        public PrivateKey privateKey(Path file, char[] passphrase) throws PkiFileException {
            throw new PkiFileException(file, "not read while fuzzing");
        }

        @Override
        public X509CRL crl(Path file) throws PkiFileException {
            throw new PkiFileException(file, "not read while fuzzing");
        }
    };

    static void assertPositioned(Problems problems, String text) {
        long lines = text.lines().count() + 1;
        for (ConfigProblem p : problems.all()) {
            assertThat(p.file()).isEqualTo(FILE);
            assertThat((long) p.line()).isBetween(1L, lines + 1);
            assertThat(p.message()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void nativeFile(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Problems problems = new Problems();
        var config = NativeConfigReader.parse(FILE, text, Path.of("/nonexistent-fuzz-base"), NO_FILES, problems);
        assertThat(config.isPresent() || problems.hasErrors()).isTrue();
        assertThat(config.isPresent() && problems.hasErrors()).isFalse();
        assertPositioned(problems, text);
    }

    @FuzzTest(maxDuration = "30s")
    void ipsecConf(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Problems problems = new Problems();
        assertThat(IpsecConfParser.parse(FILE, text, problems)).isNotNull();
        assertPositioned(problems, text);
    }

    @FuzzTest(maxDuration = "30s")
    void ipsecSecrets(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Problems problems = new Problems();
        assertThat(IpsecSecretsParser.parse(FILE, text, problems)).isNotNull();
        assertPositioned(problems, text);
    }

    @FuzzTest(maxDuration = "30s")
    void xl2tpdConf(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Problems problems = new Problems();
        assertThat(Xl2tpdConfParser.parse(FILE, text, problems)).isNotNull();
        assertPositioned(problems, text);
    }

    @FuzzTest(maxDuration = "30s")
    void pppOptions(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Problems problems = new Problems();
        assertThat(PppOptionsParser.parse(FILE, text, problems)).isNotNull();
        assertPositioned(problems, text);
    }

    @FuzzTest(maxDuration = "30s")
    void chapSecrets(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Problems problems = new Problems();
        assertThat(ChapSecretsParser.parse(FILE, text, problems)).isNotNull();
        assertPositioned(problems, text);
    }

    @FuzzTest(maxDuration = "30s")
    void proposals(FuzzedDataProvider data) {
        boolean ike = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        try {
            var r = ike ? ProposalParser.parseIke(text) : ProposalParser.parseEsp(text);
            assertThat(r.proposals()).isNotEmpty();
            // What is printed parses back to the same list.
            var again = ike ? ProposalParser.parseIke(ProposalParser.format(r.proposals()))
                    : ProposalParser.parseEsp(ProposalParser.format(r.proposals()));
            assertThat(again.proposals()).isEqualTo(r.proposals());
        } catch (ProposalParser.ProposalException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
