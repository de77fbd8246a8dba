package org.certvpn.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void dnsAreKeptInCertificateOrder() throws Exception {
        X500Name name = Names.parseDn("C=JP, ST=Tokyo, O=KLab Inc., CN=Example Root CA", true);
        assertThat(new X500Principal(name.getEncoded())).isEqualTo(new X500Principal("CN=Example Root CA,O=KLab Inc.,ST=Tokyo,C=JP"));
        X500Name user = Names.withCn(name, "alice");
        assertThat(new X500Principal(user.getEncoded())).isEqualTo(new X500Principal("CN=alice,O=KLab Inc.,ST=Tokyo,C=JP"));
        assertThat(Names.cnOf(user)).isEqualTo("alice");
    }

    @Test
    void badDnsAreRefused() {
        for (String dn : List.of("", "   ", "garbage", "CN", "FOO=bar, CN=x", "C=Japan, CN=x", "CN=", "CN=*", "O=a+OU=b, CN=x",
                "CN=" + "x".repeat(65))) {
            assertThatThrownBy(() -> Names.parseDn(dn, true)).as(dn).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(dn.isBlank() ? "empty" : "invalid distinguished name");
        }
    }

    @Test
    void fqdnsFollowRfc1123() {
        assertThat(Names.fqdn("VPN.Example.COM.")).isEqualTo("vpn.example.com");
        assertThat(Names.fqdn("gw1")).isEqualTo("gw1");
        assertThat(Names.fqdn("1x.example.com")).isEqualTo("1x.example.com");
        for (String bad : List.of("", "a..b", ".a", "-a.com", "a-.com", "a_b.com", "a b.com", "x".repeat(64) + ".com", "192.0.2.1",
                "::1", "a.123", "vpn.example.com/x")) {
            assertThatThrownBy(() -> Names.fqdn(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid FQDN");
        }
    }

    @Test
    void addressesAreLiteralsWithoutLookups() {
        assertThat(Names.ipAddress("192.0.2.1").getHostAddress()).isEqualTo("192.0.2.1");
        assertThat(Names.ipAddress("2001:db8::1")).isInstanceOf(java.net.Inet6Address.class);
        for (String bad : List.of("", "192.0.2", "192.0.2.1.1", "192.0.2.256", "192.0.2.01", "localhost", "vpn.example.com",
                "::g", "fe80::1%1", "1e100")) {
            assertThatThrownBy(() -> Names.ipAddress(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid IP address");
        }
        assertThat(Names.ipAddresses(List.of("192.0.2.1", "192.0.2.1"))).hasSize(1);
    }

    @Test
    void onlyIpv4AddressesAlsoBecomeDnsNames() throws Exception {
        assertThat(Names.addressAsDnsName(InetAddress.ofLiteral("198.51.100.9"))).contains("198.51.100.9");
        assertThat(Names.addressAsDnsName(InetAddress.ofLiteral("2001:db8::9"))).isEmpty();
    }

    @Test
    void userAndDeviceNamesAreSafeAsFileNames() {
        assertThat(Names.userName("alice.smith@example.com")).isEqualTo("alice.smith@example.com");
        assertThat(Names.deviceName(null)).isEmpty();
        assertThat(Names.deviceName("pixel-7")).isEqualTo(Optional.of("pixel-7"));
        for (String bad : List.of("", ".hidden", "../x", "a/b", "a b", "-x", "x".repeat(65), "名前")) {
            assertThatThrownBy(() -> Names.userName(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        for (String bad : List.of("", ".x", "a/b", "a@b", "x".repeat(33))) {
            assertThatThrownBy(() -> Names.deviceName(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void keySpecsParseAsTyped() {
        assertThat(KeySpec.parse("RSA:2048")).isEqualTo(KeySpec.RSA_2048);
        assertThat(KeySpec.parse("ec:p256")).isEqualTo(KeySpec.EC_P256);
        assertThatThrownBy(() -> KeySpec.parse("dsa:1024")).hasMessageContaining("rsa:2048");
        assertThat(RevocationReason.fromName("KEYCOMPROMISE")).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(P12Profile.fromName("Modern")).isEqualTo(P12Profile.MODERN);
    }
}
