package org.certvpn.pki;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * A distinguished name with optional {@code *} values, as openswan's {@code rightid} accepts:
 * {@code "C=JP, ST=Tokyo, O=Example, CN=*"} admits every per-user certificate of that organisation.
 *
 * <p>The text is written in certificate order (the country first), as openswan and
 * {@code openssl x509 -subject} print it; this is the reverse of RFC 2253's order.
 *
 * <p>Matching is RDN by RDN: the candidate must have exactly as many RDNs, each single-valued, with the
 * same attribute type at each position. A literal value matches by RFC 4518-style caseless comparison
 * with whitespace collapsed; {@code *} matches any one value of that one attribute. So {@code CN=*} never
 * matches a different attribute, an extra trailing RDN, a multi-valued RDN, or a name that merely ends
 * with the pattern.
 */
public final class DnPattern {
    private static final String WILDCARD = "*";

    private final String text;
    private final List<Element> elements;

    private record Element(ASN1ObjectIdentifier type, String canonicalValue) {
        boolean wildcard() {
            return canonicalValue == null;
        }
    }

    private DnPattern(String text, List<Element> elements) {
        this.text = text;
        this.elements = List.copyOf(elements);
    }

    /**
     * Parses a DN pattern.
     *
     * @throws IllegalArgumentException with a message naming the problem, for text that is not a DN
     */
    public static DnPattern parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty distinguished name");
        }
        X500Name name;
        try {
            name = new X500Name(BCStyle.INSTANCE, trimmed);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a distinguished name: \"" + trimmed + "\" (" + e.getMessage() + ")");
        }
        List<Element> elements = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            if (rdn.isMultiValued()) {
                throw new IllegalArgumentException("multi-valued RDNs are not supported in \"" + trimmed + "\"");
            }
            AttributeTypeAndValue atv = rdn.getFirst();
            String raw;
            String canonical;
            try {
                // A value written as #HEX is DER, which may hold nothing usable ("CN=##" decodes to no value).
                raw = IETFUtils.valueToString(atv.getValue());
                canonical = IETFUtils.canonicalString(atv.getValue());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a distinguished name: \"" + trimmed + "\" (bad value of "
                        + BCStyle.INSTANCE.oidToDisplayName(atv.getType()) + ")");
            }
            boolean wild = WILDCARD.equals(raw.strip());
            elements.add(new Element(atv.getType(), wild ? null : canonical));
        }
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("not a distinguished name: \"" + trimmed + "\"");
        }
        return new DnPattern(trimmed, elements);
    }

    /** True when {@code text} looks like a DN rather than an address, FQDN or {@code %any}. */
    public static boolean looksLikeDn(String text) {
        return text != null && text.indexOf('=') > 0;
    }

    public boolean hasWildcard() {
        return elements.stream().anyMatch(Element::wildcard);
    }

    public boolean matches(X500Principal subject) {
        return matches(X500Name.getInstance(subject.getEncoded()));
    }

    /** Matches the DER encoding of a Name, as carried in an ID_DER_ASN1_DN identification payload. */
    public boolean matchesDer(byte[] derName) {
        try {
            // The bytes come from a peer's ID payload: anything that does not parse simply does not match.
            return matches(X500Name.getInstance(derName));
        } catch (RuntimeException e) {
            return false;
        }
    }

    public boolean matches(X500Name name) {
        RDN[] rdns = name.getRDNs();
        if (rdns.length != elements.size()) {
            return false;
        }
        for (int i = 0; i < rdns.length; i++) {
            if (rdns[i].isMultiValued()) {
                return false;
            }
            AttributeTypeAndValue atv = rdns[i].getFirst();
            Element e = elements.get(i);
            if (!e.type().equals(atv.getType())) {
                return false;
            }
            if (!e.wildcard() && !e.canonicalValue().equals(IETFUtils.canonicalString(atv.getValue()))) {
                return false;
            }
        }
        return true;
    }

    /** The pattern as written (trimmed). */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnPattern p && p.elements.equals(elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }
}
