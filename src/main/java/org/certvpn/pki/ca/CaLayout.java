package org.certvpn.pki.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Objects;
import java.util.Optional;
import org.certvpn.pki.PkiFileException;
import org.certvpn.pki.PkiFiles;

/**
 * Where things live in a CA directory. The gateway's default configuration uses this to find its
 * certificate, key, key passphrase, the CA certificate and the CRL without a prompt:
 *
 * <pre>
 * DIR/ca.crt                       the root certificate (PEM)
 * DIR/crl.pem, DIR/crl.der         the current CRL
 * DIR/server/server.crt            the gateway's certificate (PEM)
 * DIR/server/server.key            its key, PKCS#8 encrypted with AES-256 (mode 0600)
 * DIR/server/server.pass           the passphrase of server.key (mode 0600)
 * DIR/private/ca.key               the CA key, encrypted with the admin's passphrase (mode 0600)
 * DIR/index.txt                    every certificate issued, and the CRL number
 * DIR/certs/SERIAL.pem             a copy of every certificate issued
 * DIR/clients/CN/CN[-DEVICE].p12   a user's key, certificate and the CA, for the device
 * DIR/clients/CN/CN[-DEVICE].crt   the user's certificate alone
 * DIR/ca.lock                      held while a command works on the store
 * DIR/journal                      present only while a change is being written, or after a crash
 * </pre>
 *
 * @param dir the CA directory
 */
public record CaLayout(Path dir) {
    static final String CA_CERT = "ca.crt";
    static final String CA_KEY = "private/ca.key";
    static final String INDEX = "index.txt";
    static final String JOURNAL = "journal";
    static final String LOCK = "ca.lock";
    static final String CRL_PEM = "crl.pem";
    static final String CRL_DER = "crl.der";
    static final String SERVER_CERT = "server/server.crt";
    static final String SERVER_KEY = "server/server.key";
    static final String SERVER_PASS = "server/server.pass";

    public CaLayout {
        Objects.requireNonNull(dir, "dir");
    }

    public Path caCertificate() {
        return dir.resolve(CA_CERT);
    }

    public Path caKey() {
        return dir.resolve(CA_KEY);
    }

    public Path index() {
        return dir.resolve(INDEX);
    }

    public Path journal() {
        return dir.resolve(JOURNAL);
    }

    public Path lockFile() {
        return dir.resolve(LOCK);
    }

    public Path crlPem() {
        return dir.resolve(CRL_PEM);
    }

    public Path crlDer() {
        return dir.resolve(CRL_DER);
    }

    public Path serverCertificate() {
        return dir.resolve(SERVER_CERT);
    }

    public Path serverKey() {
        return dir.resolve(SERVER_KEY);
    }

    public Path serverKeyPassphrase() {
        return dir.resolve(SERVER_PASS);
    }

    public Path archivedCertificate(BigInteger serial) {
        return dir.resolve(archivedCertificatePath(serial));
    }

    public Path clientP12(String cn, Optional<String> device) {
        return dir.resolve(clientBase(cn, device) + ".p12");
    }

    public Path clientCertificate(String cn, Optional<String> device) {
        return dir.resolve(clientBase(cn, device) + ".crt");
    }

    /**
     * Reads the gateway's private key with the passphrase kept beside it, the way openswan read
     * {@code ipsec.secrets}' {@code : RSA file "pass"}.
     */
    public PrivateKey readServerKey() throws PkiFileException {
        Path pass = serverKeyPassphrase();
        String passphrase;
        try {
            passphrase = Files.readString(pass, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new PkiFileException(pass, "cannot read key passphrase: " + e.getMessage(), e);
        }
        PrivateKey key = PkiFiles.readPrivateKey(serverKey(), passphrase.toCharArray());
        try {
            return KeySpec.toJdkKey(key);
        } catch (IllegalArgumentException e) {
            throw new PkiFileException(serverKey(), e.getMessage(), e);
        }
    }

    static String archivedCertificatePath(BigInteger serial) {
        return "certs/" + IndexEntry.serialHex(serial) + ".pem";
    }

    static String clientBase(String cn, Optional<String> device) {
        return "clients/" + cn + "/" + cn + device.map(d -> "-" + d).orElse("");
    }
}
