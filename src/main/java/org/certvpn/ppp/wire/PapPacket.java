package org.certvpn.ppp.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.certvpn.common.MalformedPacketException;

/**
 * PAP packets, RFC 1334 §2.2.
 *
 * <pre>
 * Authenticate-Request (1):
 * | Code | Identifier | Length (2) | Peer-ID Length | Peer-Id ... | Passwd-Length | Password ... |
 * Authenticate-Ack (2) and Authenticate-Nak (3):
 * | Code | Identifier | Length (2) | Msg-Length | Message ... |
 * </pre>
 */
public sealed interface PapPacket {
    int AUTHENTICATE_REQUEST = 1;
    int AUTHENTICATE_ACK = 2;
    int AUTHENTICATE_NAK = 3;

    int identifier();

    ControlPacket toControlPacket();

    static PapPacket decode(ControlPacket packet) throws MalformedPacketException {
        byte[] d = packet.data();
        int id = packet.identifier();
        switch (packet.code()) {
            case AUTHENTICATE_REQUEST -> {
                if (d.length < 1) {
                    throw new MalformedPacketException(4, "PAP Peer-ID Length missing");
                }
                int idLength = d[0] & 0xFF;
                if (1 + idLength + 1 > d.length) {
                    throw new MalformedPacketException(4, "PAP Peer-ID runs past the packet");
                }
                int pwLength = d[1 + idLength] & 0xFF;
                if (2 + idLength + pwLength > d.length) {
                    throw new MalformedPacketException(5 + idLength, "PAP Password runs past the packet");
                }
                return new Request(id, Arrays.copyOfRange(d, 1, 1 + idLength),
                        Arrays.copyOfRange(d, 2 + idLength, 2 + idLength + pwLength));
            }
            case AUTHENTICATE_ACK, AUTHENTICATE_NAK -> {
                if (d.length < 1) {
                    throw new MalformedPacketException(4, "PAP Msg-Length missing");
                }
                int msgLength = d[0] & 0xFF;
                if (1 + msgLength > d.length) {
                    throw new MalformedPacketException(4, "PAP Message runs past the packet");
                }
                byte[] message = Arrays.copyOfRange(d, 1, 1 + msgLength);
                return packet.code() == AUTHENTICATE_ACK ? new Ack(id, message) : new Nak(id, message);
            }
            default -> {
                return new Unknown(packet.code(), id);
            }
        }
    }

    private static ControlPacket withMessage(int code, int id, byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Math.min(255, message.length));
        out.write(message, 0, Math.min(255, message.length));
        return new ControlPacket(code, id, out.toByteArray());
    }

    record Request(int identifier, byte[] peerId, byte[] password) implements PapPacket {
        public Request {
            if (peerId.length > 255 || password.length > 255) {
                throw new IllegalArgumentException("PAP Peer-Id and Password are at most 255 octets");
            }
            peerId = peerId.clone();
            password = password.clone();
        }

        @Override
        public byte[] peerId() {
            return peerId.clone();
        }

        @Override
        public byte[] password() {
            return password.clone();
        }

        public String peerIdText() {
            return new String(peerId, StandardCharsets.UTF_8);
        }

        @Override
        public ControlPacket toControlPacket() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(peerId.length);
            out.writeBytes(peerId);
            out.write(password.length);
            out.writeBytes(password);
            return new ControlPacket(AUTHENTICATE_REQUEST, identifier, out.toByteArray());
        }

        @Override
        public String toString() {
            return "PAP Authenticate-Request id=" + identifier + " peer=" + peerIdText() + " password=<hidden>";
        }
    }

    record Ack(int identifier, byte[] message) implements PapPacket {
        public Ack {
            message = message.clone();
        }

        @Override
        public byte[] message() {
            return message.clone();
        }

        @Override
        public ControlPacket toControlPacket() {
            return withMessage(AUTHENTICATE_ACK, identifier, message);
        }
    }

    record Nak(int identifier, byte[] message) implements PapPacket {
        public Nak {
            message = message.clone();
        }

        @Override
        public byte[] message() {
            return message.clone();
        }

        @Override
        public ControlPacket toControlPacket() {
            return withMessage(AUTHENTICATE_NAK, identifier, message);
        }
    }

    /** A code RFC 1334 does not define; silently discarded. */
    record Unknown(int code, int identifier) implements PapPacket {
        @Override
        public ControlPacket toControlPacket() {
            return new ControlPacket(code, identifier, new byte[0]);
        }
    }
}
