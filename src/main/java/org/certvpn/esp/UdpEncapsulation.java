package org.certvpn.esp;

/**
 * Demultiplexes what arrives on UDP port 4500 (RFC 3948 §2): IKE behind a non-ESP marker, NAT keepalives,
 * and ESP.
 *
 * <pre>
 * UDP payload on port 4500, one of:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                      Non-ESP Marker (0)                       |  -> IKE message follows
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+     (RFC 3948 §2.2)
 *
 *   +-+-+-+-+-+-+-+-+
 *   |      0xFF     |                                                  -> NAT-keepalive, dropped
 *   +-+-+-+-+-+-+-+-+                                                     (RFC 3948 §2.3)
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                 ESP header: SPI (never 0) ...                 |  -> ESP (RFC 3948 §2.1)
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * For {@link Kind#IKE} the IKE message starts {@value #NON_ESP_MARKER_LENGTH} bytes into the payload: strip
 * the marker before handing it to IKE, and prepend it to every IKE message sent from port 4500.
 */
public final class UdpEncapsulation {
    public static final int NON_ESP_MARKER_LENGTH = 4;
    public static final byte NAT_KEEPALIVE = (byte) 0xFF;

    /** What a UDP/4500 payload carries. */
    public enum Kind {
        /** An IKE message after the 4-byte zero non-ESP marker. */
        IKE,
        /** A one-byte 0xFF NAT-keepalive that only refreshes the NAT mapping: drop it. */
        NAT_KEEPALIVE,
        /** An ESP packet, SPI first. */
        ESP,
        /** None of the above (too short to be ESP, or an empty datagram): drop and count. */
        MALFORMED
    }

    private UdpEncapsulation() {}

    /** Classifies the UDP payload {@code buf[off, off + len)}; never throws for in-range arguments. */
    public static Kind classify(byte[] buf, int off, int len) {
        if (len == 1 && buf[off] == NAT_KEEPALIVE) {
            return Kind.NAT_KEEPALIVE;
        }
        if (len < NON_ESP_MARKER_LENGTH) {
            return Kind.MALFORMED;
        }
        if ((buf[off] | buf[off + 1] | buf[off + 2] | buf[off + 3]) == 0) {
            return Kind.IKE;
        }
        return len >= Esp.HEADER_LENGTH ? Kind.ESP : Kind.MALFORMED;
    }

    /** Writes the non-ESP marker in front of an IKE message placed at {@code ikeOff} (needs 4 bytes before). */
    public static int prependNonEspMarker(byte[] buf, int ikeOff) {
        int at = ikeOff - NON_ESP_MARKER_LENGTH;
        buf[at] = 0;
        buf[at + 1] = 0;
        buf[at + 2] = 0;
        buf[at + 3] = 0;
        return at;
    }
}
