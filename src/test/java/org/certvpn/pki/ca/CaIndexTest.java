package org.certvpn.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaIndexTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");

    private static IndexEntry entry(long serial, CertKind kind, String cn, String device) {
        return new IndexEntry(BigInteger.valueOf(serial), kind, cn, Optional.ofNullable(device), T0, T1, Optional.empty());
    }

    private static CaIndex sample() {
        return new CaIndex(BigInteger.valueOf(7), 30, List.of(
                entry(0xCA, CertKind.CA, "Example Root CA", null),
                entry(0x5E, CertKind.SERVER, "vpn.example.com", null),
                entry(0xA1, CertKind.CLIENT, "alice", "phone")
                        .revoked(Instant.parse("2025-05-05T05:05:05Z"), RevocationReason.KEY_COMPROMISE),
                entry(0xB0, CertKind.CLIENT, "-", "日本")));
    }

    @Test
    void formatIsTheDocumentedText() {
        assertThat(new String(sample().format(), StandardCharsets.UTF_8)).isEqualTo("""
                certvpn-ca-index 1
                crl-number\t7
                crl-days\t30
                cert\tCA\tca\tvalid\t2025-01-01T00:00:00Z\t2026-01-01T00:00:00Z\t-\t-\tExample%20Root%20CA\t-
                cert\t5E\tserver\tvalid\t2025-01-01T00:00:00Z\t2026-01-01T00:00:00Z\t-\t-\tvpn.example.com\t-
                cert\tA1\tclient\trevoked\t2025-01-01T00:00:00Z\t2026-01-01T00:00:00Z\t2025-05-05T05:05:05Z\tkeyCompromise\talice\tphone
                cert\tB0\tclient\tvalid\t2025-01-01T00:00:00Z\t2026-01-01T00:00:00Z\t-\t-\t%2D\t%E6%97%A5%E6%9C%AC
                end\t4
                """);
    }

    @Test
    void parseRoundTrips() throws Exception {
        CaIndex index = sample();
        assertThat(CaIndex.parse(index.format())).isEqualTo(index);
    }

    @Test
    void parseRefusesDamage() {
        String good = new String(sample().format(), StandardCharsets.UTF_8);
        List<String> bad = List.of(
                "",
                good.substring(0, good.length() - 1),                       // no final newline
                good.substring(0, good.indexOf("end\t")),                    // cut before the end line
                good.replace("end\t4", "end\t3"),                            // a line lost
                good.replace("certvpn-ca-index 1", "certvpn-ca-index 2"),
                good.replace("\tCA\tca\t", "\tca\tca\t"),                    // lower-case serial
                good.replace("\t5E\t", "\tCA\t"),                            // duplicate serial
                good.replace("\t5E\t", "\t0\t"),
                good.replace("\tserver\t", "\trouter\t"),
                good.replace("\trevoked\t", "\tvalid\t"),                    // valid with a revocation time
                good.replace("keyCompromise", "keycompromise"),
                good.replace("2025-05-05T05:05:05Z", "yesterday"),
                good.replace("%2D", "%2"),
                good.replace("%2D", "%zz"),
                good.replace("%E6%97%A5", "%E6%97"),                         // not UTF-8 once unescaped
                good.replace("vpn.example.com", "vpn example"),              // raw space splits nothing but is not allowed
                good.replace("crl-days\t30", "crl-days\t0"),
                good.replace("crl-number\t7", "crl-number\t07"),
                good.replace("\tphone", "\tphone\textra"));
        for (String text : bad) {
            assertThatThrownBy(() -> CaIndex.parse(text.getBytes(StandardCharsets.UTF_8)))
                    .as(text).isInstanceOf(StoreFormatException.class);
        }
    }

    @Test
    void entriesChangeOnlyThroughNewIndexes() {
        CaIndex index = sample();
        CaIndex more = index.plus(entry(0xC0, CertKind.CLIENT, "carol", null));
        assertThat(index.entries()).hasSize(4);
        assertThat(more.entries()).hasSize(5);
        assertThatThrownBy(() -> more.plus(entry(0xC0, CertKind.CLIENT, "carol", null)))
                .isInstanceOf(IllegalArgumentException.class);
        IndexEntry revoked = more.find(BigInteger.valueOf(0xC0)).orElseThrow().revoked(T1, RevocationReason.SUPERSEDED);
        assertThat(more.replace(revoked).find(BigInteger.valueOf(0xC0)).orElseThrow().isRevoked()).isTrue();
        assertThat(more.find(BigInteger.valueOf(0xC0)).orElseThrow().isRevoked()).isFalse();
    }

    @Test
    void statusCountsRevocationBeforeExpiry() {
        IndexEntry e = entry(1, CertKind.CLIENT, "a", null);
        assertThat(e.status(T0)).isEqualTo(CertStatus.VALID);
        assertThat(e.status(T1.plusSeconds(1))).isEqualTo(CertStatus.EXPIRED);
        assertThat(e.revoked(T0, RevocationReason.UNSPECIFIED).status(T1.plusSeconds(1))).isEqualTo(CertStatus.REVOKED);
    }

    @Test
    void serialsParseAsAdminsTypeThem() {
        assertThat(IndexEntry.parseSerial("0x1F")).isEqualTo(BigInteger.valueOf(31));
        assertThat(IndexEntry.parseSerial("1f:a0")).isEqualTo(BigInteger.valueOf(0x1FA0));
        assertThat(IndexEntry.serialHex(BigInteger.valueOf(0xABC))).isEqualTo("0ABC");
        for (String bad : List.of("", "0", "xyz", "12 34", "1".repeat(41))) {
            assertThatThrownBy(() -> IndexEntry.parseSerial(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
