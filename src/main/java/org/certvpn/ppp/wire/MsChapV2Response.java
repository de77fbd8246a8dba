package org.certvpn.ppp.wire;

import java.util.Arrays;
import org.certvpn.common.MalformedPacketException;

/**
 * The 49-octet Value of an MS-CHAPv2 Response packet, RFC 2759 §4.
 *
 * <pre>
 * | Peer-Challenge (16) | Reserved, zero (8) | NT-Response (24) | Flags, zero (1) |
 * </pre>
 */
public record MsChapV2Response(byte[] peerChallenge, byte[] ntResponse, int flags) {
    public static final int LENGTH = 49;

    public MsChapV2Response {
        if (peerChallenge.length != 16 || ntResponse.length != 24) {
            throw new IllegalArgumentException("peer challenge is 16 octets and NT-Response 24");
        }
        peerChallenge = peerChallenge.clone();
        ntResponse = ntResponse.clone();
    }

    public static MsChapV2Response decode(byte[] value) throws MalformedPacketException {
        if (value.length != LENGTH) {
            throw new MalformedPacketException(0, "MS-CHAPv2 Response Value is " + value.length + " octets, not 49");
        }
        return new MsChapV2Response(Arrays.copyOfRange(value, 0, 16), Arrays.copyOfRange(value, 24, 48),
                value[48] & 0xFF);
    }

    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        System.arraycopy(peerChallenge, 0, out, 0, 16);
        System.arraycopy(ntResponse, 0, out, 24, 24);
        out[48] = (byte) flags;
        return out;
    }

    @Override
    public byte[] peerChallenge() {
        return peerChallenge.clone();
    }

    @Override
    public byte[] ntResponse() {
        return ntResponse.clone();
    }
}
