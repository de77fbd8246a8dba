package org.certvpn.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ppp.auth.AuthMethod;
import org.certvpn.ppp.auth.BackoffThrottle;
import org.certvpn.ppp.auth.BindingPolicy;
import org.certvpn.ppp.fsm.FsmState;
import org.certvpn.ppp.wire.ControlCode;
import org.certvpn.ppp.wire.ControlPacket;
import org.certvpn.ppp.wire.PppFrame;
import org.certvpn.ppp.wire.PppProtocol;
import org.junit.jupiter.api.Test;

/** The gateway's PPP session against the in-memory client: whole links from LCP to IPv4 and back down. */
class PppSessionTest {
    private static final Optional<PeerIdentity> ALICE_CERT = Optional.of(TestLink.certificateOf("alice"));

    @Test
    void chapMd5LinkComesUpWithDnsAndCarriesIpv4() {
        TestLink link = new TestLink(TestLink.gateway().withAuthMethods(List.of(AuthMethod.CHAP_MD5)),
                PppClientSettings.linuxLike("alice", "alice-secret"), ALICE_CERT).startAndRun(10_000);

        assertThat(link.serverOut.events).containsExactly("authenticated alice", "network-up");
        assertThat(link.clientOut.events).containsExactly("authenticated alice", "network-up");
        NetworkParameters server = link.serverOut.network;
        NetworkParameters client = link.clientOut.network;
        assertThat(server.peerAddress().getHostAddress()).isEqualTo("203.0.113.130");
        assertThat(client.localAddress()).isEqualTo(server.peerAddress());
        assertThat(client.peerAddress()).isEqualTo(TestLink.GATEWAY);
        assertThat(client.dns()).containsExactly(TestLink.DNS1, TestLink.DNS2);
        assertThat(link.server.user()).contains("alice");
        assertThat(link.server.phase()).isEqualTo(Phase.NETWORK);

        byte[] good = TestLink.ipv4Frame(0xCB007182, 0xC0000201);
        link.server.receiveFrame(good, 0, good.length, link.now);
        assertThat(link.serverOut.ipv4).hasSize(1);
        assertThat(link.serverOut.ipv4.get(0)).hasSize(28);

        byte[] spoofed = TestLink.ipv4Frame(0xCB007183, 0xC0000201);
        link.server.receiveFrame(spoofed, 0, spoofed.length, link.now);
        assertThat(link.serverOut.ipv4).hasSize(1);
        assertThat(link.server.counters().dropped(PppCounters.Drop.SPOOFED_SOURCE)).isEqualTo(1);
    }

    @Test
    void msChapV2LinkWithAndroidOptions() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                ALICE_CERT).startAndRun(10_000);

        assertThat(link.server.networkUp()).isTrue();
        assertThat(link.client.authenticated()).as("client checked the S= authenticator response").isTrue();
        assertThat(link.server.peerMru()).isEqualTo(1400);
        assertThat(link.serverOut.network.peerMru()).isEqualTo(1400);

        // Android asked for neither PFC nor ACFC: outbound frames carry FF 03 00 21.
        byte[] buf = new byte[64];
        int frame = link.server.encapsulateIpv4(buf, 16, 20);
        assertThat(frame).isEqualTo(12);
        assertThat(java.util.HexFormat.of().formatHex(buf, 12, 16)).isEqualTo("ff030021");
    }

    @Test
    void compressedHeadersWhenThePeerAskedForPfcAndAcfc() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.linuxLike("alice", "alice-secret"),
                ALICE_CERT).startAndRun(10_000);
        byte[] buf = new byte[64];
        assertThat(link.server.encapsulateIpv4(buf, 16, 20)).isEqualTo(15);
        assertThat(buf[15]).isEqualTo((byte) 0x21);
        assertThat(link.server.counters().ipv4Sent()).isEqualTo(1);
    }

    @Test
    void wrongPasswordIsRefusedWithMsChapV2Error691() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "guess"), ALICE_CERT);
        link.startAndRun(30_000);

        assertThat(link.serverOut.downReason).isEqualTo(LinkDownReason.AUTH_FAILED);
        assertThat(link.serverOut.authFailure)
                .isEqualTo("PPP user \"alice\" refused: wrong password (MS-CHAPv2 NT-Response mismatch) (MS-CHAPv2)");
        assertThat(link.clientOut.authFailure).startsWith("authenticator said: E=691 R=0 C=").contains(" V=3 M=");
        assertThat(link.serverOut.events).doesNotContain("network-up");
        assertThat(link.allocator.leased).isEmpty();
        assertThat(link.server.isFinished()).isTrue();
        assertThat(link.serverOut.linkDowns).isEqualTo(1);
    }

    @Test
    void wrongChapMd5PasswordIsRefused() {
        TestLink link = new TestLink(TestLink.gateway().withAuthMethods(List.of(AuthMethod.CHAP_MD5)),
                PppClientSettings.linuxLike("alice", "guess"), ALICE_CERT).startAndRun(30_000);
        assertThat(link.serverOut.downReason).isEqualTo(LinkDownReason.AUTH_FAILED);
        assertThat(link.serverOut.authFailure).contains("CHAP-MD5 response mismatch");
        assertThat(link.clientOut.authFailure).isEqualTo("authenticator said: Access denied");
    }

    @Test
    void papIsRefusedUnlessAllowed() {
        PppClientSettings papOnly = PppClientSettings.androidLike("alice", "alice-secret")
                .withAcceptAuth(List.of(AuthMethod.PAP));
        TestLink refused = new TestLink(TestLink.gateway(), papOnly, ALICE_CERT).startAndRun(30_000);
        assertThat(refused.serverOut.downReason).isEqualTo(LinkDownReason.NEGOTIATION_FAILED);
        assertThat(refused.serverOut.downDetail)
                .isEqualTo("peer refused every allowed authentication method [MS-CHAPv2, CHAP-MD5] (suggested PAP)");
        assertThat(refused.serverOut.events).doesNotContain("network-up");

        TestLink allowed = new TestLink(TestLink.gateway().withAuthMethods(List.of(AuthMethod.CHAP_MD5, AuthMethod.PAP)),
                papOnly, ALICE_CERT).startAndRun(30_000);
        assertThat(allowed.serverOut.events).containsExactly("authenticated alice", "network-up");

        TestLink wrong = new TestLink(TestLink.gateway().withAuthMethods(List.of(AuthMethod.PAP)),
                papOnly.withUser("alice", "nope"), ALICE_CERT).startAndRun(30_000);
        assertThat(wrong.serverOut.authFailure).contains("wrong password (PAP)");
        assertThat(wrong.clientOut.authFailure).isEqualTo("authenticator said: Login incorrect");
    }

    @Test
    void bindingRequireRefusesAnotherUsersCertificate() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("bob", "bob-secret"),
                ALICE_CERT).startAndRun(30_000);
        assertThat(link.serverOut.authFailure)
                .isEqualTo("PPP user \"bob\" refused: certificate CN is \"alice\" (binding=require)");
        assertThat(link.serverOut.downReason).isEqualTo(LinkDownReason.AUTH_FAILED);
    }

    @Test
    void bindingMapAllowsListedNamesOnly() {
        BindingPolicy map = BindingPolicy.map(Map.of("alice", Set.of("bob")));
        TestLink bob = new TestLink(TestLink.gateway().withBinding(map),
                PppClientSettings.androidLike("bob", "bob-secret"), ALICE_CERT).startAndRun(10_000);
        assertThat(bob.serverOut.events).containsExactly("authenticated bob", "network-up");

        TestLink carol = new TestLink(TestLink.gateway().withBinding(map),
                PppClientSettings.androidLike("carol", "carol-secret"), ALICE_CERT).startAndRun(30_000);
        assertThat(carol.serverOut.authFailure)
                .isEqualTo("PPP user \"carol\" refused: certificate CN is \"alice\" (binding=map)");
    }

    @Test
    void pskPeersAndLinksWithoutIpsecNeedBindingOff() {
        Optional<PeerIdentity> psk = Optional.of(PeerIdentity.preSharedKey("192.168.1.2"));
        TestLink refused = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                psk).startAndRun(30_000);
        assertThat(refused.serverOut.authFailure).isEqualTo("PPP user \"alice\" refused: the IPsec peer "
                + "\"192.168.1.2\" used a pre-shared key, which carries no certificate CN (binding=require)");

        TestLink noIpsec = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                Optional.empty()).startAndRun(30_000);
        assertThat(noIpsec.serverOut.authFailure).contains("no IPsec identity");

        TestLink off = new TestLink(TestLink.gateway().withBinding(BindingPolicy.OFF),
                PppClientSettings.androidLike("alice", "alice-secret"), psk).startAndRun(10_000);
        assertThat(off.serverOut.events).containsExactly("authenticated alice", "network-up");
    }

    @Test
    void staticAddressFromTheDirectory() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("carol", "carol-secret"),
                Optional.of(TestLink.certificateOf("carol"))).startAndRun(10_000);
        assertThat(link.serverOut.network.peerAddress()).isEqualTo(TestLink.CAROL_STATIC);
        assertThat(link.clientOut.network.localAddress()).isEqualTo(TestLink.CAROL_STATIC);
    }

    @Test
    void exhaustedPoolEndsTheLink() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                ALICE_CERT, org.certvpn.ppp.auth.AuthThrottle.NONE, new TestLink.Allocator(0)).startAndRun(30_000);
        assertThat(link.serverOut.downReason).isEqualTo(LinkDownReason.NO_ADDRESS);
        assertThat(link.serverOut.downDetail).isEqualTo("address pool exhausted");
        assertThat(link.clientOut.downReason).isEqualTo(LinkDownReason.PEER_TERMINATED);
    }

    @Test
    void echoFailureTakesTheLinkDownAndReturnsTheAddress() {
        TestLink link = new TestLink(TestLink.gateway().withEcho(10_000, 3),
                PppClientSettings.androidLike("alice", "alice-secret"), ALICE_CERT).startAndRun(5_000);
        assertThat(link.server.networkUp()).isTrue();
        long upAt = link.now;

        link.run(60_000);
        assertThat(link.server.networkUp()).as("echoes answered, link stays").isTrue();
        assertThat(link.server.counters().framesReceived()).isGreaterThan(5);

        link.toServer = f -> false; // the client vanishes
        long silentFrom = link.now;
        link.run(120_000);
        assertThat(link.serverOut.downReason).isEqualTo(LinkDownReason.ECHO_TIMEOUT);
        assertThat(link.serverOut.events).containsSubsequence("network-up", "network-down", "link-down ECHO_TIMEOUT");
        assertThat(link.allocator.leased).isEmpty();
        assertThat(link.allocator.released).hasSize(1);
        assertThat(upAt).isLessThan(silentFrom);
    }

    @Test
    void gatewayTerminates() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                ALICE_CERT).startAndRun(5_000);
        link.server.close(LinkDownReason.ADMIN_CLOSE, "gateway shutting down", link.now);
        link.run(10_000);
        assertThat(link.serverOut.downReason).isEqualTo(LinkDownReason.ADMIN_CLOSE);
        assertThat(link.clientOut.downReason).isEqualTo(LinkDownReason.PEER_TERMINATED);
        assertThat(link.clientOut.downDetail).isEqualTo("peer: gateway shutting down");
        assertThat(link.allocator.leased).isEmpty();
        assertThat(link.server.lcpState()).isEqualTo(FsmState.CLOSED);
    }

    @Test
    void clientTerminates() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                ALICE_CERT).startAndRun(5_000);
        link.client.close(LinkDownReason.ADMIN_CLOSE, "User request", link.now);
        link.run(10_000);
        assertThat(link.serverOut.downReason).isEqualTo(LinkDownReason.PEER_TERMINATED);
        assertThat(link.serverOut.downDetail).isEqualTo("peer: User request");
        assertThat(link.clientOut.downReason).isEqualTo(LinkDownReason.ADMIN_CLOSE);
        assertThat(link.allocator.released).hasSize(1);

        byte[] late = TestLink.ipv4Frame(0xCB007182, 0xC0000201);
        link.server.receiveFrame(late, 0, late.length, link.now);
        assertThat(link.server.counters().dropped(PppCounters.Drop.LINK_DOWN)).isEqualTo(1);
    }

    @Test
    void lowerLayerDownEndsTheLinkAtOnce() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                ALICE_CERT).startAndRun(5_000);
        link.server.lowerLayerDown(link.now);
        assertThat(link.serverOut.downReason).isEqualTo(LinkDownReason.LOWER_LAYER_DOWN);
        assertThat(link.allocator.leased).isEmpty();
        assertThat(link.server.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void windowsLikeClientGetsItsExtrasRefusedAndStillConnects() {
        PppSettings settings = TestLink.gateway().withServers(List.of(TestLink.DNS1), List.of(TestLink.WINS));
        TestLink link = new TestLink(settings, PppClientSettings.windowsLike("alice", "alice-secret"), ALICE_CERT);
        List<ControlPacket> lcpFromGateway = new java.util.ArrayList<>();
        List<ControlPacket> ipcpFromGateway = new java.util.ArrayList<>();
        link.toClient = frame -> {
            try {
                PppFrame f = PppFrame.decode(frame, 0, frame.length);
                if (f.protocol() == PppProtocol.LCP) {
                    lcpFromGateway.add(ControlPacket.decode(f.information()));
                } else if (f.protocol() == PppProtocol.IPCP) {
                    ipcpFromGateway.add(ControlPacket.decode(f.information()));
                }
            } catch (org.certvpn.common.MalformedPacketException e) {
                throw new AssertionError(e);
            }
            return true;
        };
        link.startAndRun(10_000);

        assertThat(link.serverOut.events).containsExactly("authenticated alice", "network-up");
        ControlPacket lcpReject = lcpFromGateway.stream().filter(p -> p.code() == ControlCode.CONFIGURE_REJECT)
                .findFirst().orElseThrow();
        assertThat(java.util.HexFormat.of().formatHex(lcpReject.data()))
                .as("callback, MRRU and endpoint discriminator rejected")
                .isEqualTo("0d0306" + "1104064e" + "1309011337424200" + "01");
        assertThat(link.client.rejectedProtocols()).containsExactly(PppProtocol.CCP);
        ControlPacket ipcpReject = ipcpFromGateway.stream().filter(p -> p.code() == ControlCode.CONFIGURE_REJECT)
                .findFirst().orElseThrow();
        assertThat(java.util.HexFormat.of().formatHex(ipcpReject.data()))
                .as("secondary DNS and WINS we do not have, and VJ compression")
                .isEqualTo("830600000000" + "0206002d0f01" + "840600000000");
        assertThat(link.clientOut.network.dns()).containsExactly(TestLink.DNS1);
    }

    @Test
    void ipv4BeforeTheNetworkPhaseIsDropped() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                ALICE_CERT);
        link.server.start(link.now);
        byte[] early = TestLink.ipv4Frame(0xCB007182, 0xC0000201);
        link.server.receiveFrame(early, 0, early.length, link.now);
        assertThat(link.serverOut.ipv4).isEmpty();
        assertThat(link.server.counters().dropped(PppCounters.Drop.WRONG_PHASE)).isEqualTo(1);
        byte[] buf = new byte[64];
        assertThat(link.server.encapsulateIpv4(buf, 16, 20)).isEqualTo(-1);
        assertThat(link.server.counters().dropped(PppCounters.Drop.OUTBOUND_NOT_UP)).isEqualTo(1);
    }

    @Test
    void unknownProtocolInTheNetworkPhaseDrawsProtocolReject() throws Exception {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                ALICE_CERT).startAndRun(5_000);
        byte[] ipv6cp = {(byte) 0xFF, 0x03, (byte) 0x80, 0x57, 1, 1, 0, 4};
        link.server.receiveFrame(ipv6cp, 0, ipv6cp.length, link.now);
        byte[] sent = link.serverOut.outbox.poll();
        PppFrame frame = PppFrame.decode(sent, 0, sent.length);
        ControlPacket reject = ControlPacket.decode(frame.information());
        assertThat(frame.protocol()).isEqualTo(PppProtocol.LCP);
        assertThat(reject.code()).isEqualTo(ControlCode.PROTOCOL_REJECT);
        assertThat(reject.data()).isEqualTo(new byte[] {(byte) 0x80, 0x57, 1, 1, 0, 4});
        assertThat(link.server.counters().dropped(PppCounters.Drop.UNKNOWN_PROTOCOL)).isEqualTo(1);
    }

    @Test
    void repeatedFailuresAreThrottled() {
        BackoffThrottle throttle = new BackoffThrottle(1, 60_000, 600_000, 0, 0, 1000);
        PppSettings settings = TestLink.gateway();
        TestLink first = new TestLink(settings, PppClientSettings.androidLike("alice", "guess1"), ALICE_CERT, throttle,
                new TestLink.Allocator(4)).startAndRun(20_000);
        TestLink second = new TestLink(settings, PppClientSettings.androidLike("alice", "guess2"), ALICE_CERT, throttle,
                new TestLink.Allocator(4));
        second.now = first.now;
        second.startAndRun(20_000);
        assertThat(first.serverOut.authFailure).contains("wrong password");
        assertThat(second.serverOut.authFailure).contains("wrong password");
        TestLink third = new TestLink(settings, PppClientSettings.androidLike("alice", "alice-secret"), ALICE_CERT,
                throttle, new TestLink.Allocator(4));
        third.now = second.now;
        third.startAndRun(20_000);
        assertThat(third.serverOut.authFailure).as("right password, but blocked")
                .startsWith("PPP user \"alice\" refused: user \"alice\" blocked for another");
        TestLink later = new TestLink(settings, PppClientSettings.androidLike("alice", "alice-secret"), ALICE_CERT,
                throttle, new TestLink.Allocator(4));
        later.now = third.now + 600_000;
        later.startAndRun(20_000);
        assertThat(later.serverOut.events).containsExactly("authenticated alice", "network-up");
    }

    @Test
    void peerRenegotiatingLcpReauthenticatesAndKeepsTheAddress() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                ALICE_CERT).startAndRun(5_000);
        java.net.Inet4Address before = link.serverOut.network.peerAddress();
        byte[] request = {(byte) 0xFF, 0x03, (byte) 0xC0, 0x21, 1, 77, 0, 8, 1, 4, 0x05, 0x78};
        link.server.receiveFrame(request, 0, request.length, link.now);
        assertThat(link.server.phase()).isEqualTo(Phase.ESTABLISH);
        link.run(10_000);

        assertThat(link.serverOut.events).containsExactly("authenticated alice", "network-up", "network-down",
                "authenticated alice", "network-up");
        assertThat(link.serverOut.network.peerAddress()).isEqualTo(before);
        assertThat(link.serverOut.linkDowns).isZero();
        assertThat(link.allocator.leased).containsExactly(before);
    }

    @Test
    void windowsDomainPrefixIsDroppedFromTheUserName() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.windowsLike("CORP\\alice", "alice-secret"),
                ALICE_CERT).startAndRun(10_000);
        assertThat(link.serverOut.events).containsExactly("authenticated alice", "network-up");
        assertThat(link.client.authenticated()).isTrue();
    }

    @Test
    void clientRefusesAGatewayThatCannotProveItKnowsThePassword() {
        // A rogue gateway that accepts any response but cannot compute the RFC 2759 §8.7 authenticator response.
        org.certvpn.ppp.auth.CredentialVerifier rogue = (user, credentials) -> new org.certvpn.ppp.auth.Verification
                .Accepted(org.certvpn.ppp.auth.PppUser.of(user, "?"), Optional.of("S=" + "0".repeat(40)));
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                ALICE_CERT, org.certvpn.ppp.auth.AuthThrottle.NONE, new TestLink.Allocator(4), rogue).startAndRun(30_000);
        assertThat(link.client.authenticated()).isFalse();
        assertThat(link.clientOut.authFailure).isEqualTo(
                "the authenticator's MS-CHAPv2 response is wrong: it does not know the password");
        assertThat(link.clientOut.downReason).isEqualTo(LinkDownReason.AUTH_FAILED);
        assertThat(link.serverOut.downReason).isEqualTo(LinkDownReason.PEER_TERMINATED);
    }

    private static boolean isChap(byte[] frame) {
        return frame.length > 4 && (frame[2] & 0xFF) == 0xC2 && (frame[3] & 0xFF) == 0x23;
    }

    @Test
    void unansweredChallengesFailAfterMaxConfigure() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                ALICE_CERT);
        int[] challenges = new int[1];
        link.toServer = frame -> !isChap(frame);
        link.toClient = frame -> {
            if (isChap(frame) && frame[4] == 1) {
                challenges[0]++;
            }
            return true;
        };
        link.startAndRun(60_000);
        assertThat(challenges[0]).isEqualTo(10);
        assertThat(link.serverOut.downReason).isEqualTo(LinkDownReason.AUTH_FAILED);
        assertThat(link.serverOut.downDetail).isEqualTo("no response to 10 MS-CHAPv2 challenges");
    }

    @Test
    void lostSuccessIsResentForARepeatedResponse() {
        TestLink link = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("alice", "alice-secret"),
                ALICE_CERT);
        boolean[] dropped = new boolean[1];
        link.toClient = frame -> {
            if (isChap(frame) && frame[4] == 3 && !dropped[0]) {
                dropped[0] = true;
                return false;
            }
            return true;
        };
        link.startAndRun(20_000);
        assertThat(dropped[0]).isTrue();
        assertThat(link.client.authenticated()).isTrue();
        assertThat(link.clientOut.events).containsExactly("authenticated alice", "network-up");
        assertThat(link.serverOut.events).containsExactly("authenticated alice", "network-up");
    }
}
