package org.certvpn.l2tp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The required-AVP table of RFC 2661 §6. */
class MessageRulesTest {

    @Test
    void everyKnownMessageTypeHasARule() {
        assertThat(MessageRules.all()).extracting(MessageRules.Rule::type).containsExactly(
                MessageType.SCCRQ, MessageType.SCCRP, MessageType.SCCCN, MessageType.STOPCCN, MessageType.HELLO,
                MessageType.ICRQ, MessageType.ICRP, MessageType.ICCN, MessageType.OCRQ, MessageType.OCRP,
                MessageType.OCCN, MessageType.CDN, MessageType.WEN, MessageType.SLI);
        assertThat(MessageRules.rule(MessageType.valueOf(99))).isNull();
    }

    @Test
    void sccrqNeedsHostNameFramingAndTunnelId() {
        ControlMessage m = ControlMessage.of(MessageType.SCCRQ, 0, 0,
                Avp.u16(AvpType.PROTOCOL_VERSION, 0x0100),
                Avp.u32(AvpType.FRAMING_CAPABILITIES, 3),
                Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, 1));

        assertThat(MessageRules.firstMissing(m)).contains(AvpType.HOST_NAME);
    }

    @Test
    void cdnNeedsResultCodeAndSessionId() {
        ControlMessage m = ControlMessage.of(MessageType.CDN, 1, 2, ResultCode.of(3).toAvp());

        assertThat(MessageRules.firstMissing(m)).contains(AvpType.ASSIGNED_SESSION_ID);
        assertThat(MessageRules.rule(MessageType.CDN).scope()).isEqualTo(MessageRules.Scope.SESSION);
        assertThat(MessageRules.rule(MessageType.HELLO).scope()).isEqualTo(MessageRules.Scope.TUNNEL);
    }

    @Test
    void scccnAndHelloNeedNothingButTheirType() {
        assertThat(MessageRules.firstMissing(ControlMessage.of(MessageType.SCCCN, 1, 0))).isEmpty();
        assertThat(MessageRules.firstMissing(ControlMessage.of(MessageType.HELLO, 1, 0))).isEmpty();
    }
}
