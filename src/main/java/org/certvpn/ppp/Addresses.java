package org.certvpn.ppp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 addresses between the API ({@link Inet4Address}) and the wire and data path ({@code int}). */
final class Addresses {
    private Addresses() {}

    static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    static Inet4Address toInet(int address) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (address >>> 24),
                (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four octets are always an IPv4 address", e);
        }
    }
}
