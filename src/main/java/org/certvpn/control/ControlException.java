package org.certvpn.control;

/** The control socket could not be reached or answered nonsense; the message says which, in one line. */
public final class ControlException extends Exception {
    public ControlException(String message) {
        super(message);
    }

    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
