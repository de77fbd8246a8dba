package org.certvpn.ppp.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.certvpn.common.MalformedPacketException;

/**
 * CHAP packets, RFC 1994 §4 (MS-CHAPv2, RFC 2759, uses the same packets with its own Value layout).
 *
 * <pre>
 * Challenge (1) and Response (2):
 * +---------+------------+---------+------------+-------------+---------
 * |  Code   | Identifier | Length (2 octets)    | Value-Size  | Value ... | Name ...
 * +---------+------------+---------+------------+-------------+---------
 * Success (3) and Failure (4):
 * +---------+------------+---------+------------+-----------
 * |  Code   | Identifier | Length (2 octets)    | Message ...
 * +---------+------------+---------+------------+-----------
 * </pre>
 *
 * The header is the RFC 1661 control packet header, so CHAP rides on {@link ControlPacket}.
 */
public sealed interface ChapPacket {
    int CHALLENGE = 1;
    int RESPONSE = 2;
    int SUCCESS = 3;
    int FAILURE = 4;

    int identifier();

    ControlPacket toControlPacket();

    /** Interprets a control packet received with protocol CHAP. Unknown codes are kept as {@link Unknown}. */
    static ChapPacket decode(ControlPacket packet) throws MalformedPacketException {
        byte[] data = packet.data();
        int id = packet.identifier();
        switch (packet.code()) {
            case CHALLENGE, RESPONSE -> {
                if (data.length < 1) {
                    throw new MalformedPacketException(4, "CHAP Value-Size missing");
                }
                int size = data[0] & 0xFF;
                if (1 + size > data.length) {
                    throw new MalformedPacketException(4, "CHAP Value-Size " + size + " runs past the packet");
                }
                byte[] value = Arrays.copyOfRange(data, 1, 1 + size);
                byte[] name = Arrays.copyOfRange(data, 1 + size, data.length);
                return packet.code() == CHALLENGE ? new Challenge(id, value, name) : new Response(id, value, name);
            }
            case SUCCESS -> {
                return new Success(id, data);
            }
            case FAILURE -> {
                return new Failure(id, data);
            }
            default -> {
                return new Unknown(packet.code(), id);
            }
        }
    }

    private static ControlPacket valueAndName(int code, int id, byte[] value, byte[] name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(value.length);
        out.writeBytes(value);
        out.writeBytes(name);
        return new ControlPacket(code, id, out.toByteArray());
    }

    record Challenge(int identifier, byte[] value, byte[] name) implements ChapPacket {
        public Challenge {
            value = value.clone();
            name = name.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public byte[] name() {
            return name.clone();
        }

        @Override
        public ControlPacket toControlPacket() {
            return valueAndName(CHALLENGE, identifier, value, name);
        }
    }

    record Response(int identifier, byte[] value, byte[] name) implements ChapPacket {
        public Response {
            value = value.clone();
            name = name.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public byte[] name() {
            return name.clone();
        }

        /** The Name field as text for lookups and traces (UTF-8, invalid octets replaced). */
        public String nameText() {
            return new String(name, StandardCharsets.UTF_8);
        }

        @Override
        public ControlPacket toControlPacket() {
            return valueAndName(RESPONSE, identifier, value, name);
        }
    }

    record Success(int identifier, byte[] message) implements ChapPacket {
        public Success {
            message = message.clone();
        }

        @Override
        public byte[] message() {
            return message.clone();
        }

        public String messageText() {
            return new String(message, StandardCharsets.UTF_8);
        }

        @Override
        public ControlPacket toControlPacket() {
            return new ControlPacket(SUCCESS, identifier, message);
        }
    }

    record Failure(int identifier, byte[] message) implements ChapPacket {
        public Failure {
            message = message.clone();
        }

        @Override
        public byte[] message() {
            return message.clone();
        }

        public String messageText() {
            return new String(message, StandardCharsets.UTF_8);
        }

        @Override
        public ControlPacket toControlPacket() {
            return new ControlPacket(FAILURE, identifier, message);
        }
    }

    /** A code RFC 1994 does not define; such packets are silently discarded. */
    record Unknown(int code, int identifier) implements ChapPacket {
        @Override
        public ControlPacket toControlPacket() {
            return new ControlPacket(code, identifier, new byte[0]);
        }
    }
}
