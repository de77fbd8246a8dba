package org.certvpn.ike.wire;

import java.util.Objects;

/**
 * Identification payload (RFC 2408 §3.8) with the IPsec DOI fields (RFC 2407 §4.6.2): ID type,
 * protocol, port and the identity data. In Phase 1 it names the peer (Android sends ID_DER_ASN1_DN); in
 * Quick Mode IDci/IDcr name the traffic (UDP port 1701 for L2TP).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !   ID Type     !  Protocol ID  !             Port              !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                     Identification Data                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record IdPayload(int idType, int protocol, int port, Octets data) implements Payload {
    public static final int ID_IPV4_ADDR = 1;
    public static final int ID_FQDN = 2;
    public static final int ID_USER_FQDN = 3;
    public static final int ID_IPV4_ADDR_SUBNET = 4;
    public static final int ID_IPV6_ADDR = 5;
    public static final int ID_IPV6_ADDR_SUBNET = 6;
    public static final int ID_IPV4_ADDR_RANGE = 7;
    public static final int ID_IPV6_ADDR_RANGE = 8;
    public static final int ID_DER_ASN1_DN = 9;
    public static final int ID_DER_ASN1_GN = 10;
    public static final int ID_KEY_ID = 11;

    public IdPayload {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.IDENTIFICATION;
    }

    /**
     * The bytes that RFC 2409 §5 calls {@code IDii_b}/{@code IDir_b}: the body after the generic header
     * (type, protocol, port, data).
     */
    public byte[] body() {
        byte[] b = new byte[4 + data.length()];
        b[0] = (byte) idType;
        b[1] = (byte) protocol;
        b[2] = (byte) (port >>> 8);
        b[3] = (byte) port;
        data.copyTo(b, 4);
        return b;
    }

    public static String typeName(int idType) {
        return switch (idType) {
            case ID_IPV4_ADDR -> "ID_IPV4_ADDR";
            case ID_FQDN -> "ID_FQDN";
            case ID_USER_FQDN -> "ID_USER_FQDN";
            case ID_IPV4_ADDR_SUBNET -> "ID_IPV4_ADDR_SUBNET";
            case ID_IPV6_ADDR -> "ID_IPV6_ADDR";
            case ID_IPV6_ADDR_SUBNET -> "ID_IPV6_ADDR_SUBNET";
            case ID_IPV4_ADDR_RANGE -> "ID_IPV4_ADDR_RANGE";
            case ID_IPV6_ADDR_RANGE -> "ID_IPV6_ADDR_RANGE";
            case ID_DER_ASN1_DN -> "ID_DER_ASN1_DN";
            case ID_DER_ASN1_GN -> "ID_DER_ASN1_GN";
            case ID_KEY_ID -> "ID_KEY_ID";
            default -> "ID_TYPE(" + idType + ")";
        };
    }
}
