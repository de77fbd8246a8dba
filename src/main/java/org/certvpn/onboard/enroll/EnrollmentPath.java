package org.certvpn.onboard.enroll;

import java.util.Optional;

/**
 * A request path of the enrollment server, as sent (not percent-decoded: nothing we serve needs an
 * escape, so a {@code %} is simply no match):
 *
 * <pre>
 * /e/TOKEN          the page
 * /e/TOKEN/         the page
 * /e/TOKEN/FILE     a file of the bundle, or the zip
 * </pre>
 *
 * TOKEN is 22 base64url characters; FILE is letters, digits, dot, dash and underscore, not starting
 * with a dot. Anything else is not ours.
 *
 * @param token the token as written in the path (still to be checked against the grant)
 * @param file the file name, empty for the page
 */
public record EnrollmentPath(String token, Optional<String> file) {
    static final String PREFIX = "/e/";
    private static final int MAX_FILE = 128;

    /** The path for {@code token}'s page, with the trailing slash. */
    public static String page(String token) {
        return PREFIX + token + "/";
    }

    /** Parses a raw request path (the query, if any, already cut off); empty when it is not an enrollment path. */
    public static Optional<EnrollmentPath> parse(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = rawPath.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String token = slash < 0 ? rest : rest.substring(0, slash);
        if (token.length() != EnrollmentGrant.TOKEN_LENGTH || !token.chars().allMatch(EnrollmentPath::base64Url)) {
            return Optional.empty();
        }
        if (slash < 0 || slash == rest.length() - 1) {
            return Optional.of(new EnrollmentPath(token, Optional.empty()));
        }
        String file = rest.substring(slash + 1);
        if (file.length() > MAX_FILE || file.startsWith(".") || !file.chars().allMatch(EnrollmentPath::fileChar)) {
            return Optional.empty();
        }
        return Optional.of(new EnrollmentPath(token, Optional.of(file)));
    }

    private static boolean base64Url(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private static boolean fileChar(int c) {
        return base64Url(c) || c == '.';
    }
}
