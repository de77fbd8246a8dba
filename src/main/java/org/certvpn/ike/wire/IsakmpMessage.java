package org.certvpn.ike.wire;

import java.util.List;
import java.util.Objects;
import org.certvpn.common.MalformedPacketException;

/**
 * A cleartext ISAKMP message: header and payload chain. Encrypted messages are decoded in two steps by
 * the IKEv1 layer (header, then the decrypted body through {@link PayloadCodec#decode}).
 */
public record IsakmpMessage(IsakmpHeader header, Payloads payloads) {
    public IsakmpMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payloads, "payloads");
    }

    /** Decodes an unencrypted message (the header's length bounds the payloads). */
    public static IsakmpMessage decode(byte[] datagram) throws MalformedPacketException {
        IsakmpHeader header = IsakmpHeader.decode(datagram);
        if (header.encrypted()) {
            throw new MalformedPacketException(19, "message is encrypted");
        }
        Payloads payloads = PayloadCodec.decode(header.nextPayload(), datagram, IsakmpHeader.LENGTH, header.length());
        return new IsakmpMessage(header, payloads);
    }

    /**
     * Encodes a cleartext message; the header's next payload and length are filled in from the payloads.
     */
    public static byte[] encode(IsakmpHeader header, List<? extends Payload> payloads) {
        byte[] body = PayloadCodec.encode(payloads);
        PayloadType first = payloads.isEmpty() ? PayloadType.NONE : payloads.getFirst().type();
        return assemble(header.withNextPayload(first), body);
    }

    /** Prepends {@code header} (with its length set) to an already encoded or encrypted body. */
    public static byte[] assemble(IsakmpHeader header, byte[] body) {
        byte[] out = new byte[IsakmpHeader.LENGTH + body.length];
        header.withLength(out.length).encodeTo(out, 0);
        System.arraycopy(body, 0, out, IsakmpHeader.LENGTH, body.length);
        return out;
    }
}
