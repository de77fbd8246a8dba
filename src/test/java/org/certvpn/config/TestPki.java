package org.certvpn.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test certificates and keys made with openssl, once per test class: a self-signed root, a server
 * certificate issued directly by it (as Android requires), and an encrypted traditional RSA key as in
 * the seed's /etc/ipsec.d/private.
 */
public final class TestPki {
    public static final String CA_SUBJECT = "/C=JP/ST=Tokyo/O=KLab Inc./CN=KLab Inc. Root CA";
    public static final String SERVER_SUBJECT = "/C=JP/ST=Tokyo/O=KLab inc./CN=vpn.example.com";
    public static final String PASSPHRASE = "hogefuga";

    private TestPki() {}

    /** Writes ca.pem, ca.key, server.pem, server.key (encrypted with {@link #PASSPHRASE}), crl.pem into dir. */
    public static void create(Path dir) throws IOException, InterruptedException {
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-subj", CA_SUBJECT,
                "-days", "2", "-out", "ca.pem", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        openssl(dir, "genrsa", "-traditional", "-aes256", "-passout", "pass:" + PASSPHRASE, "-out", "server.key", "2048");
        openssl(dir, "req", "-new", "-key", "server.key", "-passin", "pass:" + PASSPHRASE, "-subj", SERVER_SUBJECT,
                "-out", "server.csr");
        openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-out", "server.pem");
        java.nio.file.Files.writeString(dir.resolve("index.txt"), "");
        java.nio.file.Files.writeString(dir.resolve("ca.cnf"), """
                [ ca ]
                default_ca = test
                [ test ]
                database = index.txt
                crlnumber = crlnumber
                default_md = sha256
                default_crl_days = 2
                """);
        java.nio.file.Files.writeString(dir.resolve("crlnumber"), "01\n");
        openssl(dir, "ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "ca.key", "-cert", "ca.pem", "-out", "crl.pem");
    }

    static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }
}
