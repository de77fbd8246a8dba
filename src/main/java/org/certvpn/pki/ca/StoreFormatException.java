package org.certvpn.pki.ca;

/** A store file (index or journal) that does not follow its format; the message names the line. */
final class StoreFormatException extends Exception {
    StoreFormatException(int line, String message) {
        super("line " + line + ": " + message);
    }

    StoreFormatException(String message) {
        super(message);
    }
}
