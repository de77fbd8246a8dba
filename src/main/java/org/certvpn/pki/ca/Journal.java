package org.certvpn.pki.ca;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The write-ahead record of one store transaction: every file the transaction writes, with its full
 * content and mode. Once the journal is on disk the transaction has happened; replaying it (writing each
 * file again) is idempotent, so recovery simply replays a journal it finds and then deletes it.
 *
 * <p>Format (ASCII, one record per line, TAB-separated):
 *
 * <pre>
 * certvpn-ca-journal 1
 * write  RELATIVE-PATH  MODE  BASE64-CONTENT
 * ...
 * end    SHA-256
 * </pre>
 *
 * MODE is the octal permission (e.g. {@code 600}); SHA-256 is the hex digest of every byte before the
 * {@code end} line, so a damaged journal is refused instead of replayed. Paths are relative to the store,
 * made of {@code /}-separated names that start with a letter or digit, so a journal can never write
 * outside the store or onto a temporary file.
 */
final class Journal {
    static final String HEADER = "certvpn-ca-journal 1";
    /** A store name: starts with a letter or digit, so it never collides with {@code .name.tmp} files. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");
    private static final int MAX_DEPTH = 4;
    static final int MAX_BYTES = 16 << 20;

    /** One file write: the complete new content of {@code path}. */
    record Write(String path, int mode, byte[] content) {
        Write {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(content, "content");
            if (!validPath(path)) {
                throw new IllegalArgumentException("not a store path: " + path);
            }
            if (mode < 0 || mode > 0777) {
                throw new IllegalArgumentException("bad mode " + Integer.toOctalString(mode));
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Write w && w.path.equals(path) && w.mode == mode && Arrays.equals(w.content, content);
        }

        @Override
        public int hashCode() {
            return path.hashCode() * 31 + Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "Write[" + path + ", " + Integer.toOctalString(mode) + ", " + content.length + " bytes]";
        }
    }

    private Journal() {}

    static boolean validPath(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length > MAX_DEPTH) {
            return false;
        }
        for (String p : parts) {
            if (!NAME.matcher(p).matches()) {
                return false;
            }
        }
        return true;
    }

    static byte[] format(List<Write> writes) {
        StringBuilder sb = new StringBuilder();
        sb.append(HEADER).append('\n');
        Base64.Encoder b64 = Base64.getEncoder();
        for (Write w : writes) {
            sb.append("write\t").append(w.path())
                    .append('\t').append(Integer.toOctalString(w.mode()))
                    .append('\t').append(b64.encodeToString(w.content()))
                    .append('\n');
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.US_ASCII);
        String end = "end\t" + HexFormat.of().formatHex(sha256(body, body.length)) + "\n";
        byte[] out = Arrays.copyOf(body, body.length + end.length());
        System.arraycopy(end.getBytes(StandardCharsets.US_ASCII), 0, out, body.length, end.length());
        return out;
    }

    /** Parses and checks a journal; the writes come back in file order, each path at most once. */
    static List<Write> parse(byte[] bytes) throws StoreFormatException {
        if (bytes.length > MAX_BYTES) {
            throw new StoreFormatException("journal larger than " + MAX_BYTES + " bytes");
        }
        for (byte b : bytes) {
            if (b != '\n' && b != '\t' && (b < 0x20 || b > 0x7e)) {
                throw new StoreFormatException("journal is not ASCII text");
            }
        }
        if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
            throw new StoreFormatException("journal does not end with a newline (cut off?)");
        }
        int endLine = lastLineStart(bytes);
        String end = new String(bytes, endLine, bytes.length - 1 - endLine, StandardCharsets.US_ASCII);
        String expected = "end\t" + HexFormat.of().formatHex(sha256(bytes, endLine));
        if (!end.equals(expected)) {
            throw new StoreFormatException("journal checksum does not match (damaged or cut off)");
        }
        String[] lines = new String(bytes, 0, endLine, StandardCharsets.US_ASCII).split("\n", -1);
        // lines ends with "" because the body ends with '\n'
        if (lines.length < 2 || !lines[0].equals(HEADER)) {
            throw new StoreFormatException(1, "expected \"" + HEADER + "\"");
        }
        List<Write> writes = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        Base64.Decoder b64 = Base64.getDecoder();
        for (int i = 1; i < lines.length - 1; i++) {
            String[] f = lines[i].split("\t", -1);
            if (f.length != 4 || !f[0].equals("write")) {
                throw new StoreFormatException(i + 1, "expected a write line with 4 fields");
            }
            if (!validPath(f[1])) {
                throw new StoreFormatException(i + 1, "not a store path: \"" + f[1] + "\"");
            }
            if (!paths.add(f[1])) {
                throw new StoreFormatException(i + 1, "path written twice: " + f[1]);
            }
            if (f[2].isEmpty() || f[2].length() > 3 || !f[2].chars().allMatch(c -> c >= '0' && c <= '7')) {
                throw new StoreFormatException(i + 1, "mode is not octal");
            }
            byte[] content;
            try {
                content = b64.decode(f[3]);
            } catch (IllegalArgumentException e) {
                throw new StoreFormatException(i + 1, "content is not base64");
            }
            writes.add(new Write(f[1], Integer.parseInt(f[2], 8), content));
        }
        return List.copyOf(writes);
    }

    private static int lastLineStart(byte[] bytes) {
        for (int i = bytes.length - 2; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
