package org.certvpn.ike.wire;

/**
 * One decoded ISAKMP payload, an immutable value. Every payload on the wire starts with the generic
 * header (RFC 2408 §3.2), which {@link PayloadCodec} reads and writes; the records hold only the body.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public sealed interface Payload
        permits SaPayload, KeyExchangePayload, IdPayload, CertPayload, CertRequestPayload, HashPayload,
                SignaturePayload, NoncePayload, NotifyPayload, DeletePayload, VendorIdPayload, NatDPayload,
                NatOaPayload, FragmentPayload, UnknownPayload {

    PayloadType type();
}
