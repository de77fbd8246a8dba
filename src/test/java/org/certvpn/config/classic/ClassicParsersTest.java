package org.certvpn.config.classic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.certvpn.config.ConfigProblem;
import org.certvpn.config.Problems;
import org.junit.jupiter.api.Test;

/** The text parsers of the classic files, on the syntax corners real files use. */
class ClassicParsersTest {
    final Problems problems = new Problems();

    List<String> errors() {
        return problems.errors().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void ipsecConfQuotesCommentsAndHashInsideWords() {
        IpsecConf c = IpsecConfParser.parse("f", """
                # comment
                config setup
                \tplutodebug="control parsing"   # trailing comment
                conn a
                  rightid=@#01ab
                  leftid = "C=JP, O=Ex # not a comment"
                include /etc/ipsec.d/*.conf
                """, problems);
        assertThat(errors()).isEmpty();
        assertThat(c.items()).hasSize(3);
        var setup = (IpsecConf.Section) c.items().get(0);
        assertThat(setup.settings()).singleElement().extracting(Setting::value).isEqualTo("control parsing");
        var conn = (IpsecConf.Section) c.items().get(1);
        assertThat(conn.settings()).extracting(Setting::value).containsExactly("@#01ab", "C=JP, O=Ex # not a comment");
        assertThat(conn.settings()).extracting(Setting::line).containsExactly(5, 6);
        assertThat(c.items().get(2)).isEqualTo(new IpsecConf.Include("/etc/ipsec.d/*.conf", "f", 7));
    }

    @Test
    void ipsecConfErrorsArePositioned() {
        IpsecConfParser.parse("f", """
                  orphan=1
                conn a
                  auto=add
                  auto=start
                  left "x"
                  right="unterminated
                config other
                """, problems);
        assertThat(errors()).containsExactly(
                "f:1: error: setting outside any section: \"orphan=1\"",
                "f:4: error: duplicate key \"auto\" (already set on line 3)",
                "f:5: error: expected key=value, got \"left \"x\"\"",
                "f:6: error: missing closing quote in value of \"right\"",
                "f:7: error: unknown section \"config other\" (only \"config setup\" exists)");
    }

    @Test
    void ipsecSecretsForms() {
        IpsecSecrets s = IpsecSecretsParser.parse("s", """
                : RSA server.key "hoge fuga"
                %any %any : PSK "p s k"
                198.51.100.7 @gw.example.com: PSK 0x70736b
                "C=JP, O=Ex, CN=a" :PSK "dn"
                : RSA {
                    Modulus: 0x00
                    }
                include ipsec.d/*.secrets
                no colon here
                """, problems);
        assertThat(s.items()).hasSize(6);
        var rsa = (IpsecSecrets.Entry) s.items().get(0);
        assertThat(rsa.ids()).isEmpty();
        assertThat(rsa.type()).isEqualTo("RSA");
        assertThat(rsa.args()).containsExactly("server.key", "hoge fuga");
        assertThat(rsa.quotedArgs()).containsExactly(false, true);
        assertThat(((IpsecSecrets.Entry) s.items().get(1)).ids()).containsExactly("%any", "%any");
        assertThat(((IpsecSecrets.Entry) s.items().get(2)).ids()).containsExactly("198.51.100.7", "@gw.example.com");
        var dn = (IpsecSecrets.Entry) s.items().get(3);
        assertThat(dn.ids()).containsExactly("C=JP, O=Ex, CN=a");
        assertThat(dn.type()).isEqualTo("PSK");
        assertThat(((IpsecSecrets.Entry) s.items().get(4)).line()).isEqualTo(5);
        assertThat(s.items().get(5)).isEqualTo(new IpsecSecrets.Include("ipsec.d/*.secrets", "s", 8));
        assertThat(errors()).containsExactly("s:9: error: missing ':' between the identities and the secret type");
    }

    @Test
    void xl2tpdSectionsAndComments() {
        Xl2tpdConf c = Xl2tpdConfParser.parse("x", """
                ; comment
                [global]
                port = 1701 ; trailing
                [lns default]
                ip range = 192.0.2.10 - 192.0.2.20
                ip range = 192.0.2.30-40
                [lac]
                oops
                """, problems);
        assertThat(c.sections()).extracting(Xl2tpdConf.Section::kind).containsExactly("global", "lns");
        assertThat(c.sections().get(0).settings()).singleElement().extracting(Setting::value).isEqualTo("1701");
        assertThat(c.sections().get(1).settings()).extracting(Setting::normalizedKey).containsExactly("ip range", "ip range");
        assertThat(errors()).containsExactly(
                "x:7: error: section \"[lac]\" needs a name, e.g. [lac default]",
                "x:8: error: expected \"key = value\", got \"oops\"");
    }

    @Test
    void pppOptionsTakeArgumentsEvenOnTheNextLine() {
        PppOptions o = PppOptionsParser.parse("p", """
                auth # comment
                ms-dns
                  192.0.2.53
                name "l2tp d"
                frobnicate
                mtu
                """, problems);
        assertThat(o.options()).extracting(PppOptions.Option::name).containsExactly("auth", "ms-dns", "name", "frobnicate");
        assertThat(o.options().get(1).args()).containsExactly("192.0.2.53");
        assertThat(o.options().get(1).line()).isEqualTo(2);
        assertThat(o.options().get(2).arg()).isEqualTo("l2tp d");
        assertThat(o.options().get(3).known()).isFalse();
        assertThat(errors()).containsExactly("p:6: error: option \"mtu\" needs an argument");
    }

    @Test
    void chapSecretsQuotingAndWildcards() {
        ChapSecrets c = ChapSecretsParser.parse("c", """
                USERNAME * "PASSWORD" *
                "*" l2tpd 'it''s' 192.0.2.20
                alice\\ b * "q\\"uote"
                carol * @/etc/ppp/carol
                dave *
                * * "any user" *
                """, problems);
        assertThat(c.entries()).hasSize(5);
        assertThat(c.entries().get(0).clientWildcard()).isFalse();
        assertThat(c.entries().get(0).client()).isEqualTo("USERNAME");
        assertThat(c.entries().get(0).server()).isEqualTo("*");
        assertThat(c.entries().get(4).clientWildcard()).as("unquoted *").isTrue();
        assertThat(c.entries().get(1).clientWildcard()).as("quoted * is a literal name").isFalse();
        assertThat(c.entries().get(1).secret()).isEqualTo("its");
        assertThat(c.entries().get(1).addresses()).containsExactly("192.0.2.20");
        assertThat(c.entries().get(2).client()).isEqualTo("alice b");
        assertThat(c.entries().get(2).secret()).isEqualTo("q\"uote");
        assertThat(c.entries().get(3).secretFromFile()).isTrue();
        assertThat(errors()).containsExactly("c:5: error: expected \"client server secret [addresses...]\", got 2 words");
    }
}
