package org.certvpn.config.classic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.certvpn.config.TestPki;

/**
 * The seed's files as the 2011 post gives them, with the elided DNs filled in. The post's tunnel
 * addresses (10.100.254.x) are replaced by 192.0.2.x: tests use documentation ranges only.
 */
final class SeedFiles {
    static final String IPSEC_CONF = """
            config setup
                interfaces = %defaultroute
                syslog = auth.error
                plutodebug = "control"
                uniqueids = no
                nat_traversal = yes

            conn Android-L2TP-IPsec
                auto = add
                type = transport
                keyexchange = ike
                auth = esp
                authby = rsasig
                pfs = no
                keyingtries = 1
                ikelifetime = 8h
                keylife = 8h
                rekeymargin = 10m
                left = %defaultroute
                leftid = "C=JP, ST=Tokyo, O=KLab inc., CN=vpn.example.com"
                leftrsasigkey = %cert
                leftcert = Android_IPsec_Server.pem
                leftupdown = "/bin/true"
                leftprotoport = 17/1701
                right = %any
                rightca = "C=JP, ST=Tokyo, O=KLab Inc., CN=KLab Inc. Root CA"
                rightid = "C=JP, ST=Tokyo, O=KLab Inc., CN=*"
                rightrsasigkey = %cert
                rightprotoport = 17/%any
            """;

    static final String IPSEC_SECRETS = """
            : RSA Android_IPsec_Server.key "hogefuga"
            """;

    static final String XL2TPD_CONF = """
            [global]
            listen-addr                 = 0.0.0.0
            port                        = 1701
            debug network               = no
            debug state                 = no
            debug tunnel                = no

            [lns default]
            pppoptfile                  = /etc/xl2tpd/ppp-options
            hostname                    = gw1
            exclusive                   = No
            local ip                    = 192.0.2.1
            ip range                    = 192.0.2.128 - 192.0.2.254
            length bit                  = yes
            require chap                = yes
            refuse pap                  = yes
            require authentication      = yes
            """;

    static final String PPP_OPTIONS = """
            auth
            refuse-pap
            require-chap
            ms-dns 192.0.2.1
            """;

    static final String CHAP_SECRETS = """
            USERNAME * "PASSWORD" *
            """;

    private SeedFiles() {}

    /** Lays the seed's /etc out under {@code etc}, with the certificate and key from {@code pki}. */
    static Path write(Path etc, Path pki) throws IOException {
        Files.createDirectories(etc.resolve("ipsec.d/certs"));
        Files.createDirectories(etc.resolve("ipsec.d/private"));
        Files.createDirectories(etc.resolve("ipsec.d/cacerts"));
        Files.createDirectories(etc.resolve("ipsec.d/crls"));
        Files.createDirectories(etc.resolve("xl2tpd"));
        Files.createDirectories(etc.resolve("ppp"));
        Files.writeString(etc.resolve("ipsec.conf"), IPSEC_CONF);
        Files.writeString(etc.resolve("ipsec.secrets"), IPSEC_SECRETS);
        Files.copy(pki.resolve("server.pem"), etc.resolve("ipsec.d/certs/Android_IPsec_Server.pem"));
        Files.copy(pki.resolve("server.key"), etc.resolve("ipsec.d/private/Android_IPsec_Server.key"));
        Files.copy(pki.resolve("ca.pem"), etc.resolve("ipsec.d/cacerts/KLab_Root_CA.crt"));
        Files.writeString(etc.resolve("xl2tpd/xl2tpd.conf"), XL2TPD_CONF);
        Files.writeString(etc.resolve("xl2tpd/ppp-options"), PPP_OPTIONS);
        Files.writeString(etc.resolve("ppp/chap-secrets"), CHAP_SECRETS);
        return etc;
    }
}
