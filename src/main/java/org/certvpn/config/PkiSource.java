package org.certvpn.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import org.certvpn.pki.PkiFileException;
import org.certvpn.pki.PkiFiles;

/**
 * Where certificates, keys and CRLs are read from while loading: the file system in production
 * ({@link #files()}), a stand-in in tests and fuzzing.
 */
public interface PkiSource {
    /** Largest certificate, key or CRL file read (large CRLs of big CAs stay well below). */
    long MAX_SIZE = 16L << 20;

    List<X509Certificate> certificates(Path file) throws PkiFileException;

    PrivateKey privateKey(Path file, char[] passphrase) throws PkiFileException;

    X509CRL crl(Path file) throws PkiFileException;

    /**
     * A secret kept in a file of its own (a key passphrase beside its key, mode 0600): the first line,
     * without its line end. Such files are small; a larger one is refused.
     */
    String secret(Path file) throws PkiFileException;

    /** Regular files only (never a device or FIFO that would block or never end), of bounded size. */
    static PkiSource files() {
        return new PkiSource() {
            @Override
            public List<X509Certificate> certificates(Path file) throws PkiFileException {
                check(file);
                return PkiFiles.readCertificates(file);
            }

            @Override
            public PrivateKey privateKey(Path file, char[] passphrase) throws PkiFileException {
                check(file);
                return PkiFiles.readPrivateKey(file, passphrase);
            }

            @Override
            public X509CRL crl(Path file) throws PkiFileException {
                check(file);
                return PkiFiles.readCrl(file);
            }

            @Override
            public String secret(Path file) throws PkiFileException {
                check(file);
                try {
                    if (Files.size(file) > 4096) {
                        throw new PkiFileException(file, "too large for a passphrase file");
                    }
                    String text = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
                    int nl = text.indexOf('\n');
                    String line = nl < 0 ? text : text.substring(0, nl);
                    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                } catch (IOException | java.io.UncheckedIOException e) {
                    throw new PkiFileException(file, "cannot read: " + e.getMessage(), e);
                }
            }

            private static void check(Path file) throws PkiFileException {
                if (!Files.exists(file)) {
                    throw new PkiFileException(file, "no such file");
                }
                if (!Files.isRegularFile(file)) {
                    throw new PkiFileException(file, "not a regular file");
                }
                try {
                    if (Files.size(file) > MAX_SIZE) {
                        throw new PkiFileException(file, "larger than " + MAX_SIZE + " bytes");
                    }
                } catch (IOException e) {
                    throw new PkiFileException(file, "cannot read: " + e.getMessage(), e);
                }
            }
        };
    }
}
