package org.certvpn.ppp.auth;

import java.util.Optional;
import org.certvpn.ppp.lcp.LcpOption;
import org.certvpn.ppp.wire.ConfigOption;
import org.certvpn.ppp.wire.PppProtocol;

/**
 * The authentication protocols CertVPN speaks, with their LCP Authentication-Protocol option encoding
 * (RFC 1661 §6.2; CHAP's algorithm octet from RFC 1994 §3 and RFC 2759 §2). EAP and MS-CHAPv1 are
 * refused: they are not in this list.
 */
public enum AuthMethod {
    /** RFC 1334: the password in the clear; only where explicitly allowed. */
    PAP(PppProtocol.PAP, -1, "PAP"),
    /** RFC 1994 with MD5 (algorithm 5). */
    CHAP_MD5(PppProtocol.CHAP, 0x05, "CHAP-MD5"),
    /** RFC 2759 (CHAP algorithm 0x81): what Windows insists on. */
    MSCHAP_V2(PppProtocol.CHAP, 0x81, "MS-CHAPv2");

    private final int protocol;
    private final int algorithm;
    private final String label;

    AuthMethod(int protocol, int algorithm, String label) {
        this.protocol = protocol;
        this.algorithm = algorithm;
        this.label = label;
    }

    /** The PPP protocol that carries this method's packets. */
    public int protocol() {
        return protocol;
    }

    public ConfigOption toOption() {
        return algorithm < 0
                ? ConfigOption.ofShort(LcpOption.AUTHENTICATION_PROTOCOL, protocol)
                : new ConfigOption(LcpOption.AUTHENTICATION_PROTOCOL,
                        new byte[] {(byte) (protocol >>> 8), (byte) protocol, (byte) algorithm});
    }

    /** The method an Authentication-Protocol option names, if it is one we speak. */
    public static Optional<AuthMethod> fromOption(ConfigOption option) {
        if (option.type() != LcpOption.AUTHENTICATION_PROTOCOL || option.dataLength() < 2) {
            return Optional.empty();
        }
        byte[] d = option.data();
        int proto = ((d[0] & 0xFF) << 8) | (d[1] & 0xFF);
        for (AuthMethod m : values()) {
            if (m.protocol == proto) {
                if (m.algorithm < 0 && d.length == 2) {
                    return Optional.of(m);
                }
                if (m.algorithm >= 0 && d.length == 3 && (d[2] & 0xFF) == m.algorithm) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return label;
    }
}
