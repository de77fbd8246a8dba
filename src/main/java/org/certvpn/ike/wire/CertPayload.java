package org.certvpn.ike.wire;

import java.util.Objects;

/**
 * Certificate payload (RFC 2408 §3.9): an encoding byte ({@link CertEncoding}) and the certificate.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Cert Encoding !                                               !
 * +-+-+-+-+-+-+-+-+                                               !
 * ~                       Certificate Data                        ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record CertPayload(int encoding, Octets data) implements Payload {
    public CertPayload {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.CERTIFICATE;
    }
}
