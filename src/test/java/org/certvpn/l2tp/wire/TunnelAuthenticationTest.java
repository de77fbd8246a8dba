package org.certvpn.l2tp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.certvpn.common.Hex;
import org.junit.jupiter.api.Test;

/**
 * Challenge Response (RFC 2661 §4.4.3, §5.1.1): MD5 over the one-octet message type, the secret
 * and the challenge. Vector computed independently for secret "secret" and challenge 20..2f.
 */
class TunnelAuthenticationTest {
    private static final byte[] SECRET = "secret".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHALLENGE = Hex.decode("202122232425262728292a2b2c2d2e2f");

    @Test
    void responseInSccrpUsesType2() {
        assertThat(Hex.encode(TunnelAuthentication.response(MessageType.SCCRP, SECRET, CHALLENGE)))
                .isEqualTo("4543faf2af89840e9787aa813ad1726b");
    }

    @Test
    void responseInScccnUsesType3() {
        assertThat(Hex.encode(TunnelAuthentication.response(MessageType.SCCCN, SECRET, CHALLENGE)))
                .isEqualTo("43c5470d891a391f845b0d7d00fe376e");
    }

    @Test
    void verifyRejectsAResponseForTheOtherMessage() {
        byte[] sccrp = TunnelAuthentication.response(MessageType.SCCRP, SECRET, CHALLENGE);

        assertThat(TunnelAuthentication.verify(MessageType.SCCRP, SECRET, CHALLENGE, sccrp)).isTrue();
        assertThat(TunnelAuthentication.verify(MessageType.SCCCN, SECRET, CHALLENGE, sccrp)).isFalse();
    }
}
