package org.certvpn.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.security.auth.x500.X500Principal;

/**
 * What the gateway reads from files an admin points it at: certificates, CRLs and private keys (PEM or
 * DER, plain or encrypted), and the DN patterns of {@code rightid}. A bad file must be one
 * {@link PkiFileException} naming it (which the configuration reader reports as file:line), never another
 * exception. Seeds: {@code PkiFilesFuzzTestInputs/METHOD/}.
 */
class PkiFilesFuzzTest {
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("certvpn-pki-fuzz", ".pem");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(byte[] bytes) {
        try {
            return Files.write(FILE, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void certificates(byte[] input) {
        try {
            assertThat(PkiFiles.readCertificates(write(input))).isNotEmpty();
        } catch (PkiFileException refused) {
            assertThat(refused.getMessage()).contains(FILE.toString());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void crl(byte[] input) {
        try {
            assertThat(PkiFiles.readCrl(write(input))).isNotNull();
        } catch (PkiFileException refused) {
            assertThat(refused.getMessage()).contains(FILE.toString());
        }
    }

    /** First byte: whether a passphrase is given; the rest is the file. */
    @FuzzTest(maxDuration = "30s")
    void privateKey(FuzzedDataProvider data) {
        char[] passphrase = data.consumeBoolean() ? "passphrase".toCharArray() : null;
        try {
            assertThat(PkiFiles.readPrivateKey(write(data.consumeRemainingAsBytes()), passphrase)).isNotNull();
        } catch (PkiFileException refused) {
            assertThat(refused.getMessage()).contains(FILE.toString());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void dnPattern(FuzzedDataProvider data) {
        String subject = data.consumeString(200);
        String text = data.consumeRemainingAsString();
        DnPattern pattern;
        try {
            pattern = DnPattern.parse(text);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(DnPattern.parse(pattern.text())).isEqualTo(pattern);
        X500Principal principal;
        try {
            principal = new X500Principal(subject);
        } catch (IllegalArgumentException notADn) {
            principal = new X500Principal("C=JP, O=Example, CN=alice");
        }
        boolean byPrincipal = pattern.matches(principal);
        assertThat(pattern.matchesDer(principal.getEncoded())).isEqualTo(byPrincipal);
        pattern.matchesDer(subject.getBytes(StandardCharsets.ISO_8859_1));
    }
}
