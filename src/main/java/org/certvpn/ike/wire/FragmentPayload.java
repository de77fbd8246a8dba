package org.certvpn.ike.wire;

import java.util.Objects;

/**
 * Cisco/Microsoft IKEv1 fragment (payload type 132), as racoon, strongSwan and Windows send it. The
 * fragments of one message share a fragment ID; their data, in fragment-number order, is the complete
 * original ISAKMP message including its header. The fragment header's generic "next payload" is 0.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Next Payload=0!   RESERVED    !         Payload Length        !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !          Fragment ID          !  Fragment Nr  !     Flags     !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                         Fragment Data                         ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Flags bit 0 marks the last fragment; numbering starts at 1.
 */
public record FragmentPayload(int fragmentId, int number, boolean last, Octets data) implements Payload {
    public static final int FLAG_LAST = 0x01;

    public FragmentPayload {
        Objects.requireNonNull(data, "data");
        if (fragmentId < 0 || fragmentId > 0xffff || number < 0 || number > 255) {
            throw new IllegalArgumentException("fragment id or number out of range");
        }
    }

    @Override
    public PayloadType type() {
        return PayloadType.FRAGMENT;
    }
}
