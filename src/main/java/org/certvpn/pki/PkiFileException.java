package org.certvpn.pki;

import java.nio.file.Path;

/** A certificate, key or CRL file that cannot be used; the message names the file and the reason in one line. */
public final class PkiFileException extends Exception {
    private final Path file;

    public PkiFileException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public PkiFileException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
