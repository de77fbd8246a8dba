package org.certvpn.gateway.host;

/** The host could not be set up (or restored); the message says what failed and what to do, in one line. */
public final class HostSetupException extends Exception {
    public HostSetupException(String message) {
        super(message);
    }

    public HostSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
