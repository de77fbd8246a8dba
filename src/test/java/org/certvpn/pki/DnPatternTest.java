package org.certvpn.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;

class DnPatternTest {
    private static X500Name dn(String text) {
        return new X500Name(BCStyle.INSTANCE, text);
    }

    @Test
    void wildcardCnAdmitsEveryUserOfTheOrganisation() {
        DnPattern p = DnPattern.parse("C=JP, ST=Tokyo, O=KLab Inc., CN=*");
        assertThat(p.hasWildcard()).isTrue();
        assertThat(p.matches(dn("C=JP, ST=Tokyo, O=KLab Inc., CN=alice"))).isTrue();
        assertThat(p.matches(dn("C=JP, ST=Tokyo, O=KLab Inc., CN=bob"))).isTrue();
    }

    @Test
    void literalValuesCompareCaselessWithCollapsedSpaces() {
        DnPattern p = DnPattern.parse("C=JP, ST=Tokyo, O=KLab  Inc., CN=alice");
        assertThat(p.matches(dn("C=jp, ST=TOKYO, O=KLab Inc., CN=Alice"))).isTrue();
        assertThat(p.matches(dn("C=JP, ST=Tokyo, O=KLab Inc., CN=alicex"))).isFalse();
    }

    @Test
    void wildcardDoesNotMatchOtherAttributesOrSuffixTricks() {
        DnPattern p = DnPattern.parse("C=JP, O=Example, CN=*");
        // another attribute in the CN position
        assertThat(p.matches(dn("C=JP, O=Example, OU=alice"))).isFalse();
        // an extra trailing RDN
        assertThat(p.matches(dn("C=JP, O=Example, CN=alice, OU=x"))).isFalse();
        // the pattern as a suffix of a longer name
        assertThat(p.matches(dn("C=US, C=JP, O=Example, CN=alice"))).isFalse();
        // a different organisation
        assertThat(p.matches(dn("C=JP, O=Evil, CN=alice"))).isFalse();
        // a multi-valued RDN smuggling a second attribute
        assertThat(p.matches(dn("C=JP, O=Example, CN=alice+OU=admins"))).isFalse();
        // fewer RDNs
        assertThat(p.matches(dn("C=JP, O=Example"))).isFalse();
    }

    @Test
    void orderIsCertificateOrder() {
        DnPattern p = DnPattern.parse("C=JP, O=Example, CN=alice");
        assertThat(p.matches(dn("CN=alice, O=Example, C=JP"))).isFalse();
    }

    @Test
    void matchesDerOfIdPayload() {
        DnPattern p = DnPattern.parse("C=JP, O=Example, CN=*");
        byte[] der = new javax.security.auth.x500.X500Principal(dn("C=JP, O=Example, CN=carol").toString()).getEncoded();
        // X500Principal reverses RFC 2253 text; take the encoding straight from BC to keep certificate order.
        byte[] bcDer;
        try {
            bcDer = dn("C=JP, O=Example, CN=carol").getEncoded();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(p.matchesDer(bcDer)).isTrue();
        assertThat(p.matchesDer(der)).isFalse();
        assertThat(p.matchesDer(new byte[] {0x30, 0x03, 0x01})).isFalse();
    }

    @Test
    void rejectsTextThatIsNotADn() {
        assertThatThrownBy(() -> DnPattern.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DnPattern.parse("hello world")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a distinguished name");
        assertThatThrownBy(() -> DnPattern.parse("XX=1, CN=a")).isInstanceOf(IllegalArgumentException.class);
    }
}
