package org.certvpn.pki.ca;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Checks the names an admin types (DNs, FQDNs, addresses, user and device names) and builds subject
 * names. Every check throws {@link IllegalArgumentException} with a message fit for one line of output.
 */
final class Names {
    /** User names become directory and file names and PPP user names: keep them to a portable set. */
    private static final Pattern CN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,31}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    /** RFC 5280 Appendix A upper bound for most DirectoryString attributes (ub-name and friends). */
    private static final int MAX_VALUE = 64;

    private Names() {}

    /** Parses a DN written in certificate order ({@code C=JP, ST=Tokyo, O=Example, CN=Root}). */
    static X500Name parseDn(String text, boolean requireCn) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty distinguished name");
        }
        X500Name name;
        try {
            name = new X500Name(BCStyle.INSTANCE, text.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid distinguished name \"" + text + "\": " + reason(e));
        }
        RDN[] rdns = name.getRDNs();
        if (rdns.length == 0) {
            throw new IllegalArgumentException("invalid distinguished name \"" + text + "\": no attributes");
        }
        boolean hasCn = false;
        for (RDN rdn : rdns) {
            if (rdn.isMultiValued()) {
                throw new IllegalArgumentException("invalid distinguished name \"" + text + "\": multi-valued RDNs (+) are not supported");
            }
            AttributeTypeAndValue atv = rdn.getFirst();
            String value;
            try {
                value = IETFUtils.valueToString(atv.getValue()).strip();
            } catch (RuntimeException e) {
                // "CN=##" is a #HEX value that decodes to nothing.
                throw new IllegalArgumentException("invalid distinguished name \"" + text + "\": bad value of "
                        + BCStyle.INSTANCE.oidToDisplayName(atv.getType()));
            }
            String attr = BCStyle.INSTANCE.oidToDisplayName(atv.getType());
            if (value.isEmpty()) {
                throw new IllegalArgumentException("invalid distinguished name \"" + text + "\": " + attr + " is empty");
            }
            if (value.equals("*")) {
                throw new IllegalArgumentException("invalid distinguished name \"" + text + "\": wildcards belong in rightid patterns, not certificates");
            }
            if (value.length() > MAX_VALUE) {
                throw new IllegalArgumentException("invalid distinguished name \"" + text + "\": " + attr + " is longer than " + MAX_VALUE + " characters");
            }
            if (atv.getType().equals(BCStyle.C) && !COUNTRY.matcher(value).matches()) {
                throw new IllegalArgumentException("invalid distinguished name \"" + text + "\": C must be a two-letter country code such as JP");
            }
            hasCn |= atv.getType().equals(BCStyle.CN);
        }
        if (requireCn && !hasCn) {
            throw new IllegalArgumentException("invalid distinguished name \"" + text + "\": it needs a CN");
        }
        return name;
    }

    /** The RDNs of {@code base} without its CN, then {@code CN=cn}: the seed's {@code C=JP, ..., CN=USERNAME} pattern. */
    static X500Name withCn(X500Name base, String cn) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        for (RDN rdn : base.getRDNs()) {
            if (!rdn.isMultiValued() && rdn.getFirst().getType().equals(BCStyle.CN)) {
                continue;
            }
            if (rdn.isMultiValued()) {
                b.addMultiValuedRDN(rdn.getTypesAndValues());
            } else {
                b.addRDN(rdn.getFirst());
            }
        }
        b.addRDN(BCStyle.CN, cn);
        return b.build();
    }

    /** A DN given for the server without a CN (the CN is always the FQDN). */
    static X500Name parseServerSubjectBase(String text) {
        X500Name name = parseDn(text, false);
        for (RDN rdn : name.getRDNs()) {
            ASN1ObjectIdentifier type = rdn.getFirst().getType();
            if (type.equals(BCStyle.CN)) {
                throw new IllegalArgumentException("the server subject takes its CN from --fqdn; leave CN out of \"" + text + "\"");
            }
        }
        return name;
    }

    static String cnOf(X500Name name) {
        RDN[] cns = name.getRDNs(BCStyle.CN);
        return cns.length == 0 ? "" : IETFUtils.valueToString(cns[cns.length - 1].getFirst().getValue());
    }

    static String userName(String cn) {
        if (cn == null || !CN.matcher(cn).matches()) {
            throw new IllegalArgumentException("invalid user name \"" + cn + "\": use 1-64 letters, digits and . _ @ + -, starting with a letter or digit");
        }
        return cn;
    }

    static Optional<String> deviceName(String device) {
        if (device == null) {
            return Optional.empty();
        }
        if (!DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException("invalid device name \"" + device + "\": use 1-32 letters, digits and . _ + -, starting with a letter or digit");
        }
        return Optional.of(device);
    }

    /** A host name as typed on the phone (RFC 1123 labels); returned in lower case. */
    static String fqdn(String text) {
        String t = text == null ? "" : text.strip();
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.length() > 253) {
            throw new IllegalArgumentException("invalid FQDN \"" + text + "\": it must be 1-253 characters");
        }
        if (looksLikeAddress(lower)) {
            throw new IllegalArgumentException("invalid FQDN \"" + text + "\": that is an IP address; give a host name with --fqdn and the address with --ip");
        }
        String[] labels = lower.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("invalid FQDN \"" + text + "\": label \"" + label + "\" is not 1-63 letters, digits and inner hyphens");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid FQDN \"" + text + "\": the last label cannot be all digits");
        }
        return lower;
    }

    /** An IPv4 or IPv6 literal, parsed without any name lookup. */
    static InetAddress ipAddress(String text) {
        String t = text == null ? "" : text.strip();
        InetAddress a = null;
        if (t.indexOf('%') < 0 && t.indexOf(':') >= 0 || t.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')) {
            try {
                a = InetAddress.ofLiteral(t);
            } catch (IllegalArgumentException e) {
                a = null;
            }
        }
        if (a == null || !(a instanceof Inet4Address || a instanceof Inet6Address) || !strictIpv4(t, a)) {
            throw new IllegalArgumentException("invalid IP address \"" + text + "\": give a dotted IPv4 address such as 203.0.113.7 or an IPv6 address");
        }
        return a;
    }

    /** {@code ofLiteral} accepts BSD forms like {@code 10.1}; a certificate wants exactly four decimal parts. */
    private static boolean strictIpv4(String text, InetAddress a) {
        if (!(a instanceof Inet4Address)) {
            return true;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeAddress(String text) {
        return text.indexOf(':') >= 0 || text.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    }

    /**
     * The address as a SAN dNSName holds it for Windows, which matches a typed IP server address
     * against dNSName entries. Only IPv4: an IPv6 text form contains colons, which RFC 5280 §4.2.1.6
     * does not allow in a dNSName.
     */
    static Optional<String> addressAsDnsName(InetAddress a) {
        return a instanceof Inet4Address ? Optional.of(a.getHostAddress()) : Optional.empty();
    }

    static List<InetAddress> ipAddresses(List<String> texts) {
        List<InetAddress> out = new ArrayList<>();
        for (String t : texts) {
            InetAddress a = ipAddress(t);
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    private static String reason(RuntimeException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? "cannot parse it" : m.strip();
    }
}
