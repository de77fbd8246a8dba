package org.certvpn.pki.ca;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The index of everything the CA has issued, plus the number and validity of the current CRL. An
 * immutable value: every change makes a new index, which a transaction then writes in one piece.
 *
 * <p>On disk ({@code index.txt}) it is UTF-8 text, one record per line, fields separated by one TAB:
 *
 * <pre>
 * certvpn-ca-index 1
 * crl-number  7
 * crl-days    30
 * cert  SERIAL  KIND  STATUS  NOT-BEFORE  NOT-AFTER  REVOKED-AT  REASON  CN  DEVICE
 * ...
 * end   N
 * </pre>
 *
 * SERIAL is upper-case hex; KIND is {@code ca}, {@code server} or {@code client}; STATUS is
 * {@code valid} or {@code revoked}; times are ISO-8601 UTC instants; REASON is an RFC 5280 reason
 * name; N counts the {@code cert} lines, so a cut-off file is never mistaken for a shorter index. An
 * absent value is {@code -}. CN and DEVICE escape every byte outside printable ASCII, and {@code %},
 * as {@code %XX} of its UTF-8 encoding (a literal {@code -} is {@code %2D}).
 */
record CaIndex(BigInteger crlNumber, int crlDays, List<IndexEntry> entries) {
    static final String HEADER = "certvpn-ca-index 1";
    private static final String ABSENT = "-";
    private static final int CERT_FIELDS = 10;
    /** Larger files are refused before parsing: a real index of 100,000 users is about 20 MB. */
    static final int MAX_BYTES = 64 << 20;

    CaIndex {
        Objects.requireNonNull(crlNumber, "crlNumber");
        entries = List.copyOf(entries);
        if (crlNumber.signum() < 0 || crlDays <= 0) {
            throw new IllegalArgumentException("bad CRL state");
        }
    }

    Optional<IndexEntry> find(BigInteger serial) {
        return entries.stream().filter(e -> e.serial().equals(serial)).findFirst();
    }

    boolean contains(BigInteger serial) {
        return find(serial).isPresent();
    }

    CaIndex plus(IndexEntry entry) {
        if (contains(entry.serial())) {
            throw new IllegalArgumentException("serial " + entry.serialHex() + " is already in the index");
        }
        List<IndexEntry> list = new ArrayList<>(entries);
        list.add(entry);
        return new CaIndex(crlNumber, crlDays, list);
    }

    CaIndex replace(IndexEntry entry) {
        List<IndexEntry> list = new ArrayList<>(entries);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).serial().equals(entry.serial())) {
                list.set(i, entry);
                return new CaIndex(crlNumber, crlDays, list);
            }
        }
        throw new IllegalArgumentException("serial " + entry.serialHex() + " is not in the index");
    }

    CaIndex withCrl(BigInteger number, int days) {
        return new CaIndex(number, days, entries);
    }

    byte[] format() {
        StringBuilder sb = new StringBuilder(64 + entries.size() * 160);
        sb.append(HEADER).append('\n');
        sb.append("crl-number\t").append(crlNumber).append('\n');
        sb.append("crl-days\t").append(crlDays).append('\n');
        for (IndexEntry e : entries) {
            sb.append("cert\t").append(e.serialHex())
                    .append('\t').append(e.kind().token())
                    .append('\t').append(e.isRevoked() ? "revoked" : "valid")
                    .append('\t').append(e.notBefore())
                    .append('\t').append(e.notAfter())
                    .append('\t').append(e.revocation().map(r -> r.at().toString()).orElse(ABSENT))
                    .append('\t').append(e.revocation().map(r -> r.reason().rfcName()).orElse(ABSENT))
                    .append('\t').append(escape(e.cn()))
                    .append('\t').append(e.device().map(CaIndex::escape).orElse(ABSENT))
                    .append('\n');
        }
        sb.append("end\t").append(entries.size()).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses {@code index.txt}; every deviation from the format is a {@link StoreFormatException}. */
    static CaIndex parse(byte[] bytes) throws StoreFormatException {
        if (bytes.length > MAX_BYTES) {
            throw new StoreFormatException("index larger than " + MAX_BYTES + " bytes");
        }
        String text = decodeUtf8(bytes);
        if (text == null) {
            throw new StoreFormatException("index is not UTF-8 text");
        }
        if (!text.endsWith("\n")) {
            throw new StoreFormatException("index does not end with a newline (cut off?)");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (!lines[0].equals(HEADER)) {
            throw new StoreFormatException(1, "expected \"" + HEADER + "\"");
        }
        if (lines.length < 4) {
            throw new StoreFormatException("index is cut off after line " + lines.length);
        }
        BigInteger crlNumber = parseCount(lines[1], "crl-number", 2, 48);
        BigInteger crlDays = parseCount(lines[2], "crl-days", 3, 6);
        if (crlDays.signum() == 0) {
            throw new StoreFormatException(3, "crl-days must be positive");
        }
        List<IndexEntry> entries = new ArrayList<>();
        Set<BigInteger> serials = new HashSet<>();
        int last = lines.length - 1;
        for (int i = 3; i < last; i++) {
            IndexEntry e = parseCert(lines[i], i + 1);
            if (!serials.add(e.serial())) {
                throw new StoreFormatException(i + 1, "serial " + e.serialHex() + " appears twice");
            }
            entries.add(e);
        }
        BigInteger count = parseCount(lines[last], "end", last + 1, 9);
        if (count.intValueExact() != entries.size()) {
            throw new StoreFormatException(last + 1, "end line counts " + count + " certificates, index has " + entries.size());
        }
        return new CaIndex(crlNumber, crlDays.intValueExact(), entries);
    }

    private static BigInteger parseCount(String line, String key, int lineNo, int maxDigits) throws StoreFormatException {
        String prefix = key + "\t";
        if (!line.startsWith(prefix)) {
            throw new StoreFormatException(lineNo, "expected \"" + key + "\"");
        }
        String v = line.substring(prefix.length());
        if (v.isEmpty() || v.length() > maxDigits || !v.chars().allMatch(c -> c >= '0' && c <= '9')
                || (v.length() > 1 && v.charAt(0) == '0')) {
            throw new StoreFormatException(lineNo, key + " is not a decimal number");
        }
        return new BigInteger(v);
    }

    private static IndexEntry parseCert(String line, int lineNo) throws StoreFormatException {
        String[] f = line.split("\t", -1);
        if (f.length != CERT_FIELDS || !f[0].equals("cert")) {
            throw new StoreFormatException(lineNo, "expected a cert line with " + CERT_FIELDS + " fields");
        }
        String hex = f[1];
        if (hex.isEmpty() || hex.length() > 40 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
            throw new StoreFormatException(lineNo, "serial is not upper-case hex");
        }
        BigInteger serial = new BigInteger(hex, 16);
        if (serial.signum() == 0) {
            throw new StoreFormatException(lineNo, "serial 0");
        }
        CertKind kind = CertKind.fromToken(f[2]);
        if (kind == null) {
            throw new StoreFormatException(lineNo, "unknown kind \"" + f[2] + "\"");
        }
        boolean revoked = switch (f[3]) {
            case "valid" -> false;
            case "revoked" -> true;
            default -> throw new StoreFormatException(lineNo, "unknown status \"" + f[3] + "\"");
        };
        Instant notBefore = parseInstant(f[4], lineNo);
        Instant notAfter = parseInstant(f[5], lineNo);
        Optional<IndexEntry.Revocation> revocation = Optional.empty();
        if (revoked) {
            RevocationReason reason = RevocationReason.fromName(f[7]);
            if (reason == null || !reason.rfcName().equals(f[7])) {
                throw new StoreFormatException(lineNo, "unknown revocation reason \"" + f[7] + "\"");
            }
            revocation = Optional.of(new IndexEntry.Revocation(parseInstant(f[6], lineNo), reason));
        } else if (!f[6].equals(ABSENT) || !f[7].equals(ABSENT)) {
            throw new StoreFormatException(lineNo, "a valid certificate has a revocation time or reason");
        }
        String cn = unescape(f[8], lineNo);
        if (cn.isEmpty()) {
            throw new StoreFormatException(lineNo, "empty CN");
        }
        Optional<String> device = f[9].equals(ABSENT) ? Optional.empty() : Optional.of(unescape(f[9], lineNo));
        if (device.isPresent() && device.get().isEmpty()) {
            throw new StoreFormatException(lineNo, "empty device");
        }
        return new IndexEntry(serial, kind, cn, device, notBefore, notAfter, revocation);
    }

    private static Instant parseInstant(String s, int lineNo) throws StoreFormatException {
        try {
            return Instant.parse(s);
        } catch (DateTimeException e) {
            throw new StoreFormatException(lineNo, "not an ISO-8601 instant: \"" + s + "\"");
        }
    }

    static String escape(String value) {
        if (value.equals(ABSENT)) {
            return "%2D";
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return sb.toString();
    }

    static String unescape(String field, int lineNo) throws StoreFormatException {
        if (field.equals(ABSENT)) {
            throw new StoreFormatException(lineNo, "missing value");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '%') {
                if (i + 3 > field.length()) {
                    throw new StoreFormatException(lineNo, "cut-off %XX escape");
                }
                String hex = field.substring(i + 1, i + 3);
                if (!hex.chars().allMatch(h -> (h >= '0' && h <= '9') || (h >= 'A' && h <= 'F'))) {
                    throw new StoreFormatException(lineNo, "bad %XX escape");
                }
                out.write(HexFormat.fromHexDigits(hex));
                i += 2;
            } else if (c > 0x20 && c < 0x7f) {
                out.write(c);
            } else {
                throw new StoreFormatException(lineNo, "unescaped character " + (int) c);
            }
        }
        String s = decodeUtf8(out.toByteArray());
        if (s == null) {
            throw new StoreFormatException(lineNo, "escaped value is not UTF-8");
        }
        return s;
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
