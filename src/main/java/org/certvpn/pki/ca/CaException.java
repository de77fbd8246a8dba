package org.certvpn.pki.ca;

/**
 * A CA operation that could not be done: bad input, a missing or corrupt store, a wrong passphrase, an
 * unwritable directory. The message is one line meant for the admin. When it is thrown before a
 * transaction commits, the store is unchanged.
 */
public final class CaException extends Exception {
    public CaException(String message) {
        super(message);
    }

    public CaException(String message, Throwable cause) {
        super(message, cause);
    }
}
