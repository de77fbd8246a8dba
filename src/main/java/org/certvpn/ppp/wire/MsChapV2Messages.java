package org.certvpn.ppp.wire;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The text Messages of MS-CHAPv2 Success and Failure packets, RFC 2759 §5 and §6.
 *
 * <pre>
 * Success: "S=&lt;40 hex digits&gt; M=&lt;message&gt;"
 * Failure: "E=eeeeeeeeee R=r C=cccccccccccccccccccccccccccccccc V=vvvvvvvvvv M=&lt;msg&gt;"
 * </pre>
 */
public final class MsChapV2Messages {
    /** §6: ERROR_AUTHENTICATION_FAILURE. */
    public static final int ERROR_AUTHENTICATION_FAILURE = 691;
    /** §6: ERROR_RESTRICTED_LOGON_HOURS. */
    public static final int ERROR_RESTRICTED_LOGON_HOURS = 646;
    /** §6: ERROR_ACCT_DISABLED. */
    public static final int ERROR_ACCT_DISABLED = 647;

    private MsChapV2Messages() {}

    /** Builds the Success message from the 42-character "S=..." authenticator response. */
    public static String success(String authenticatorResponse, String message) {
        return authenticatorResponse + " M=" + message;
    }

    /**
     * Builds a Failure message telling the peer not to retry (R=0): the gateway closes the link after a
     * failure rather than running the §6 retry/change-password dance.
     */
    public static String failure(int error, byte[] newChallenge, String message) {
        return "E=" + error + " R=0 C=" + HexFormat.of().withUpperCase().formatHex(newChallenge) + " V=3 M=" + message;
    }

    /** The "S=" + 40 hex digits at the start of a Success message, if well formed. */
    public static Optional<String> authenticatorResponseOf(String successMessage) {
        if (successMessage.length() < 42 || !successMessage.startsWith("S=")) {
            return Optional.empty();
        }
        String candidate = successMessage.substring(0, 42);
        for (int i = 2; i < 42; i++) {
            if (Character.digit(candidate.charAt(i), 16) < 0) {
                return Optional.empty();
            }
        }
        if (successMessage.length() > 42 && successMessage.charAt(42) != ' ') {
            return Optional.empty();
        }
        return Optional.of(candidate.toUpperCase(Locale.ROOT));
    }

    /** The E= error code of a Failure message, or -1 when absent or not a number. */
    public static int errorOf(String failureMessage) {
        if (!failureMessage.startsWith("E=")) {
            return -1;
        }
        int end = failureMessage.indexOf(' ');
        String digits = failureMessage.substring(2, end < 0 ? failureMessage.length() : end);
        if (digits.isEmpty() || digits.length() > 9) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(digits);
    }
}
