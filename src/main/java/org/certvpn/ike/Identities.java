package org.certvpn.ike;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.security.auth.x500.X500Principal;
import org.certvpn.common.Hex;

/**
 * IKE identity types (RFC 2407 §4.6.2.1; IKEv2 RFC 7296 §3.5 uses the same numbers) rendered as text for
 * traces, PSK lookup and {@link org.certvpn.identity.PeerIdentity}.
 */
public final class Identities {
    public static final int IPV4_ADDR = 1;
    public static final int FQDN = 2;
    public static final int USER_FQDN = 3;
    public static final int IPV4_ADDR_SUBNET = 4;
    public static final int IPV6_ADDR = 5;
    public static final int DER_ASN1_DN = 9;
    public static final int KEY_ID = 11;

    private Identities() {}

    /** "192.0.2.7", "vpn.example.com", "CN=bob,O=Example", a key ID as text or hex. */
    public static String text(int idType, byte[] data) {
        switch (idType) {
            case IPV4_ADDR, IPV6_ADDR -> {
                InetAddress a = address(data);
                return a != null ? a.getHostAddress() : Hex.encode(data);
            }
            case IPV4_ADDR_SUBNET -> {
                if (data.length == 8) {
                    InetAddress a = address(Arrays.copyOf(data, 4));
                    InetAddress m = address(Arrays.copyOfRange(data, 4, 8));
                    if (a != null && m != null) {
                        return a.getHostAddress() + "/" + m.getHostAddress();
                    }
                }
                return Hex.encode(data);
            }
            case FQDN, USER_FQDN, KEY_ID -> {
                return printable(data) ? new String(data, StandardCharsets.US_ASCII) : Hex.encode(data);
            }
            case DER_ASN1_DN -> {
                try {
                    return new X500Principal(data).getName(X500Principal.RFC2253);
                } catch (IllegalArgumentException e) {
                    return "undecodable DN " + Hex.encode(data);
                }
            }
            default -> {
                return Hex.encode(data);
            }
        }
    }

    public static String typeName(int idType) {
        return switch (idType) {
            case IPV4_ADDR -> "ID_IPV4_ADDR";
            case FQDN -> "ID_FQDN";
            case USER_FQDN -> "ID_USER_FQDN";
            case IPV4_ADDR_SUBNET -> "ID_IPV4_ADDR_SUBNET";
            case IPV6_ADDR -> "ID_IPV6_ADDR";
            case DER_ASN1_DN -> "ID_DER_ASN1_DN";
            case KEY_ID -> "ID_KEY_ID";
            default -> "ID_TYPE(" + idType + ")";
        };
    }

    /** The address in an ID_IPV4_ADDR/ID_IPV6_ADDR body, or null. */
    public static InetAddress address(byte[] data) {
        if (data.length != 4 && data.length != 16) {
            return null;
        }
        try {
            return InetAddress.getByAddress(data);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean printable(byte[] data) {
        if (data.length == 0) {
            return false;
        }
        for (byte b : data) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
