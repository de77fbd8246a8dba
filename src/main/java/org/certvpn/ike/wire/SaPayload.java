package org.certvpn.ike.wire;

import java.util.List;

/**
 * Security Association payload (RFC 2408 §3.4) with the IPsec DOI (1) and SIT_IDENTITY_ONLY situation
 * (RFC 2407 §4.2), holding proposals (§3.5) that hold transforms (§3.6) that hold attributes (§3.3).
 *
 * <pre>
 * SA:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !              Domain of Interpretation  (DOI)                  !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                           Situation                           !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Proposal (type 2, chained with next payload 2 or 0):
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * !  Proposal #   !  Protocol-Id  !    SPI Size   !# of Transforms!
 * ~                        SPI (variable)                         ~
 * Transform (type 3, chained with next payload 3 or 0):
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * !  Transform #  !  Transform-Id !           RESERVED2           !
 * ~                        SA Attributes                          ~
 * </pre>
 */
public record SaPayload(int doi, int situation, List<Proposal> proposals) implements Payload {
    public static final int DOI_IPSEC = 1;
    public static final int SIT_IDENTITY_ONLY = 1;

    public SaPayload {
        proposals = List.copyOf(proposals);
    }

    @Override
    public PayloadType type() {
        return PayloadType.SECURITY_ASSOCIATION;
    }

    /** One proposal: a protocol (ISAKMP, ESP, ...) with alternative transforms. */
    public record Proposal(int number, int protocolId, Octets spi, List<Transform> transforms) {
        public static final int PROTO_ISAKMP = 1;
        public static final int PROTO_IPSEC_AH = 2;
        public static final int PROTO_IPSEC_ESP = 3;
        public static final int PROTO_IPCOMP = 4;

        public Proposal {
            transforms = List.copyOf(transforms);
            if (spi.length() > 255 || transforms.size() > 255) {
                throw new IllegalArgumentException("proposal out of range");
            }
        }
    }

    /** One transform: an algorithm choice (transform ID) with its attributes. */
    public record Transform(int number, int transformId, List<Attribute> attributes) {
        /** The ISAKMP transform ID for Phase 1 (RFC 2407 §4.4.1). */
        public static final int KEY_IKE = 1;

        public Transform {
            attributes = List.copyOf(attributes);
        }

        /** The first attribute of {@code type}, or null. */
        public Attribute attribute(int type) {
            for (Attribute a : attributes) {
                if (a.type() == type) {
                    return a;
                }
            }
            return null;
        }
    }
}
