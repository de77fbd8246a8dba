package org.certvpn.ppp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.certvpn.crypto.MsChapV2;
import org.certvpn.ppp.fsm.RestartTimers;
import org.certvpn.ppp.fsm.Trace;
import org.certvpn.ppp.wire.ChapPacket;
import org.certvpn.ppp.wire.ControlPacket;
import org.certvpn.ppp.wire.MsChapV2Messages;
import org.certvpn.ppp.wire.MsChapV2Response;
import org.junit.jupiter.api.Test;

/** The client side of CHAP (RFC 1994) with MS-CHAPv2 (RFC 2759), as the load generator and tests use it. */
class ChapResponderTest {
    private final List<ControlPacket> sent = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private final ChapResponder responder = new ChapResponder(AuthMethod.MSCHAP_V2, "alice", "alice-password",
            RestartTimers.RFC_DEFAULTS, new SplittableRandom(7), (protocol, packet) -> sent.add(packet),
            new AuthListener() {
                @Override
                public void authSucceeded(String user, Optional<PppUser> record, long nowMillis) {
                    outcomes.add("ok");
                }

                @Override
                public void authFailed(String user, String reason, long nowMillis) {
                    outcomes.add(reason);
                }
            }, new Trace("test"));

    @Test
    void aRetransmittedChallengeGetsTheSameResponseAndTheSuccessForItIsAccepted() throws Exception {
        byte[] challenge = new byte[16];
        new SplittableRandom(1).nextBytes(challenge);
        ControlPacket c = new ChapPacket.Challenge(9, challenge, "gw".getBytes(StandardCharsets.US_ASCII)).toControlPacket();
        responder.receive(c, 0);
        responder.receive(c, 3000);
        assertThat(sent).hasSize(2);
        ChapPacket.Response first = (ChapPacket.Response) ChapPacket.decode(sent.get(0));
        ChapPacket.Response second = (ChapPacket.Response) ChapPacket.decode(sent.get(1));
        assertThat(second.value()).isEqualTo(first.value());

        // The authenticator judged the first Response; its Success must prove the password for it.
        MsChapV2Response r = MsChapV2Response.decode(first.value());
        String s = MsChapV2.generateAuthenticatorResponse(MsChapV2.ntPasswordHash("alice-password"), r.ntResponse(),
                r.peerChallenge(), challenge, "alice".getBytes(StandardCharsets.US_ASCII));
        responder.receive(new ChapPacket.Success(9, MsChapV2Messages.success(s, "Access granted")
                .getBytes(StandardCharsets.US_ASCII)).toControlPacket(), 3100);
        assertThat(outcomes).containsExactly("ok");
    }
}
