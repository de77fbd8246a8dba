package org.certvpn.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalTest {
    private static final List<Journal.Write> WRITES = List.of(
            new Journal.Write("certs/0A.pem", 0644, "cert\n".getBytes(StandardCharsets.US_ASCII)),
            new Journal.Write("clients/alice/alice-phone.p12", 0600, new byte[] {0, 1, 2, (byte) 0xff}),
            new Journal.Write("index.txt", 0600, new byte[0]));

    @Test
    void roundTrips() throws Exception {
        assertThat(Journal.parse(Journal.format(WRITES))).isEqualTo(WRITES);
    }

    @Test
    void formatIsTheDocumentedText() {
        String text = new String(Journal.format(WRITES), StandardCharsets.US_ASCII);
        assertThat(text).startsWith("certvpn-ca-journal 1\nwrite\tcerts/0A.pem\t644\tY2VydAo=\n")
                .contains("write\tindex.txt\t600\t\n")
                .containsPattern("\nend\t[0-9a-f]{64}\n$");
    }

    @Test
    void anyChangedByteIsRefused() {
        byte[] good = Journal.format(WRITES);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] = (byte) (bad[i] == 'A' ? 'B' : 'A');
            assertThatThrownBy(() -> Journal.parse(bad)).as("byte %d changed", i).isInstanceOf(StoreFormatException.class);
        }
        for (int cut = 0; cut < good.length; cut++) {
            byte[] bad = java.util.Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> Journal.parse(bad)).as("cut at %d", cut).isInstanceOf(StoreFormatException.class);
        }
    }

    @Test
    void pathsStayInsideTheStore() {
        for (String path : List.of("/etc/passwd", "../x", "certs/../../x", "a//b", ".journal.tmp", "certs/.x.tmp", "", "a/b/c/d/e",
                "name with space", "clients/a\\b")) {
            assertThat(Journal.validPath(path)).as(path).isFalse();
            assertThatThrownBy(() -> new Journal.Write(path, 0600, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Journal.validPath("clients/alice@example.com/alice@example.com-phone.p12")).isTrue();
    }

    @Test
    void aForgedPathIsRefusedEvenWithAGoodChecksum() {
        String body = "certvpn-ca-journal 1\nwrite\t../outside\t600\t\n";
        byte[] forged = withChecksum(body);
        assertThatThrownBy(() -> Journal.parse(forged)).isInstanceOf(StoreFormatException.class).hasMessageContaining("not a store path");
        String twice = "certvpn-ca-journal 1\nwrite\tindex.txt\t600\t\nwrite\tindex.txt\t600\t\n";
        assertThatThrownBy(() -> Journal.parse(withChecksum(twice))).isInstanceOf(StoreFormatException.class);
    }

    static byte[] withChecksum(String body) {
        try {
            byte[] b = body.getBytes(StandardCharsets.US_ASCII);
            String sum = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
            return (body + "end\t" + sum + "\n").getBytes(StandardCharsets.US_ASCII);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
