package org.certvpn.net;

import java.io.IOException;

/** A failed system call, with its errno. */
public final class NativeIoException extends IOException {
    private final int errno;

    NativeIoException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
