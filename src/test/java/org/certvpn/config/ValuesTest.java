package org.certvpn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.certvpn.pki.DnPattern;
import org.junit.jupiter.api.Test;

/** Identities, address ranges and durations as the files write them. */
class ValuesTest {
    @Test
    void identities() {
        assertThat(PeerId.parse("%any")).isEqualTo(new PeerId.Any());
        assertThat(PeerId.parse("%fromcert")).isEqualTo(new PeerId.FromCertificate());
        assertThat(PeerId.parse("203.0.113.10")).isEqualTo(new PeerId.Address(Addresses.parse("203.0.113.10")));
        assertThat(PeerId.parse("@gw.example.com")).isEqualTo(new PeerId.Fqdn("gw.example.com"));
        assertThat(PeerId.parse("gw.example.com")).isEqualTo(new PeerId.Fqdn("gw.example.com"));
        assertThat(PeerId.parse("user@example.com")).isEqualTo(new PeerId.UserFqdn("user@example.com"));
        assertThat(PeerId.parse("@#01AB")).isEqualTo(new PeerId.KeyId("01ab", true));
        // A hex key id prints back as hex, not as the text key id of the same characters.
        assertThat(PeerId.parse(PeerId.parse("@#01AB").toString())).isEqualTo(PeerId.parse("@#01ab"));
        assertThat(PeerId.parse("@@01ab")).isNotEqualTo(PeerId.parse("@#01ab"));
        assertThat(PeerId.parse("C=JP, O=Ex, CN=*")).isEqualTo(new PeerId.Dn(DnPattern.parse("C=JP, O=Ex, CN=*")));
        for (String s : new String[] {"%any", "%fromcert", "%address", "203.0.113.10", "@gw.example.com",
                "user@example.com", "@@keyid", "C=JP, O=Ex, CN=*"}) {
            assertThat(PeerId.parse(PeerId.parse(s).toString())).isEqualTo(PeerId.parse(s));
        }
        assertThatThrownBy(() -> PeerId.parse("@#zz")).hasMessageContaining("not hex");
        assertThatThrownBy(() -> PeerId.parse("%bogus")).hasMessageContaining("not an identity");
    }

    @Test
    void addressRanges() {
        assertThat(AddressRange.parse("192.0.2.128 - 192.0.2.254").size()).isEqualTo(127);
        assertThat(AddressRange.parse("192.0.2.10-20")).isEqualTo(AddressRange.parse("192.0.2.10-192.0.2.20"));
        assertThat(AddressRange.parse("192.0.2.0/24")).isEqualTo(AddressRange.parse("192.0.2.1-192.0.2.254"));
        assertThat(AddressRange.parse("192.0.2.7").size()).isEqualTo(1);
        assertThat(AddressRange.parse("192.0.2.10-20").overlaps(AddressRange.parse("192.0.2.20-30"))).isTrue();
        assertThatThrownBy(() -> AddressRange.parse("192.0.2.20-192.0.2.10")).hasMessageContaining("ends before");
        assertThatThrownBy(() -> AddressRange.parse("192.0.2.1-300")).hasMessageContaining("not an address range");
        assertThatThrownBy(() -> AddressRange.parse("gw.example.com")).hasMessageContaining("not an IPv4 address");
    }

    @Test
    void durations() {
        assertThat(Values.duration("8h")).isEqualTo(Duration.ofHours(8));
        assertThat(Values.duration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Values.duration("300")).isEqualTo(Duration.ofSeconds(300));
        assertThat(Values.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Values.formatDuration(Duration.ofSeconds(300))).isEqualTo("5m");
        assertThat(Values.formatDuration(Duration.ofSeconds(150))).isEqualTo("150s");
        assertThatThrownBy(() -> Values.duration("8 weeks")).hasMessageContaining("unknown time unit");
        assertThatThrownBy(() -> Values.duration("99999d")).hasMessageContaining("longer than a year");
        assertThatThrownBy(() -> Values.duration("-1")).hasMessageContaining("not a duration");
    }
}
