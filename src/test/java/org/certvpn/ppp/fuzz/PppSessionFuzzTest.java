package org.certvpn.ppp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ppp.AddressAllocator;
import org.certvpn.ppp.LinkDownReason;
import org.certvpn.ppp.PppClient;
import org.certvpn.ppp.PppClientSettings;
import org.certvpn.ppp.PppListener;
import org.certvpn.ppp.PppServices;
import org.certvpn.ppp.PppSession;
import org.certvpn.ppp.PppSettings;
import org.certvpn.ppp.auth.AuthMethod;
import org.certvpn.ppp.auth.AuthThrottle;
import org.certvpn.ppp.auth.DirectoryVerifier;
import org.certvpn.ppp.auth.PppUser;
import org.certvpn.ppp.auth.UserDirectory;

/**
 * A gateway session fed arbitrary frames and timer ticks, either from scratch or after a real client
 * brought it to the network phase. Nothing may throw; IPv4 reaches the TUN only while the network is up
 * and only from the assigned address; the link goes down at most once and returns its address.
 */
class PppSessionFuzzTest {
    private static final int ASSIGNED = 0xCB007182;

    private static final class Harness implements PppListener, AddressAllocator {
        PppSession session;
        PppClient client;
        int linkDowns;
        final Set<Inet4Address> leased = new HashSet<>();
        final java.util.ArrayDeque<byte[]> toClient = new java.util.ArrayDeque<>();
        final java.util.ArrayDeque<byte[]> toServer = new java.util.ArrayDeque<>();

        @Override
        public void sendFrame(byte[] buf, int off, int len) {
            toClient.add(java.util.Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void deliverIpv4(byte[] buf, int off, int len) {
            assertThat(session.networkUp()).isTrue();
            int source = ((buf[off + 12] & 0xFF) << 24) | ((buf[off + 13] & 0xFF) << 16)
                    | ((buf[off + 14] & 0xFF) << 8) | (buf[off + 15] & 0xFF);
            assertThat(source).isEqualTo(ASSIGNED);
            assertThat(len).isGreaterThanOrEqualTo(20);
        }

        @Override
        public void linkDown(LinkDownReason reason, String detail) {
            linkDowns++;
            assertThat(linkDowns).isEqualTo(1);
        }

        @Override
        public Optional<Inet4Address> allocate(String user, Optional<Inet4Address> staticAddress) {
            Inet4Address a = address(ASSIGNED);
            return leased.add(a) ? Optional.of(a) : Optional.empty();
        }

        @Override
        public void release(Inet4Address address) {
            assertThat(leased.remove(address)).isTrue();
        }
    }

    static Inet4Address address(int a) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16),
                (byte) (a >>> 8), (byte) a});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void feedArbitraryFrames(FuzzedDataProvider data) {
        Harness h = new Harness();
        boolean handshakeFirst = data.consumeBoolean();
        PppSettings settings = PppSettings.defaults("gw1", address(0xCB007180))
                .withAuthMethods(List.of(AuthMethod.CHAP_MD5, AuthMethod.MSCHAP_V2, AuthMethod.PAP))
                .withServers(List.of(address(0xC0000235)), List.of()).withEcho(10_000, 2);
        UserDirectory users = UserDirectory.of(Map.of("alice", PppUser.of("alice", "alice-secret")));
        h.session = new PppSession(settings, new PppServices(new DirectoryVerifier(users), h, AuthThrottle.NONE,
                new SplittableRandom(3)), Optional.of(PeerIdentity.certificate(
                        new javax.security.auth.x500.X500Principal("CN=alice"), "alice", java.math.BigInteger.ONE)),
                "192.0.2.9:1701", "fuzz", h);
        long now = 0;
        h.session.start(now);
        if (handshakeFirst) {
            h.client = new PppClient(PppClientSettings.linuxLike("alice", "alice-secret"), new SplittableRandom(4),
                    "fuzz-client", new PppListener() {
                        @Override public void sendFrame(byte[] buf, int off, int len) {
                            h.toServer.add(java.util.Arrays.copyOfRange(buf, off, off + len));
                        }
                        @Override public void deliverIpv4(byte[] buf, int off, int len) { }
                    });
            h.client.start(now);
            for (int i = 0; i < 200 && !(h.toClient.isEmpty() && h.toServer.isEmpty()); i++) {
                byte[] f = h.toClient.poll();
                if (f != null) {
                    h.client.receiveFrame(f, 0, f.length, now);
                }
                f = h.toServer.poll();
                if (f != null) {
                    h.session.receiveFrame(f, 0, f.length, now);
                }
            }
            assertThat(h.session.networkUp()).isTrue();
        }
        while (data.remainingBytes() > 0) {
            int step = data.consumeInt(0, 3);
            if (step == 0) {
                now += data.consumeInt(0, 20_000);
                h.session.onTimer(now);
            } else {
                byte[] frame = data.consumeBytes(data.consumeInt(0, 1600));
                int off = frame.length > 0 ? data.consumeInt(0, Math.min(4, frame.length)) : 0;
                h.session.receiveFrame(frame, off, frame.length - off, now);
            }
            assertThat(h.session.nextDeadline()).isGreaterThanOrEqualTo(0);
        }
        h.session.close(LinkDownReason.ADMIN_CLOSE, "fuzz done", now);
        for (int i = 0; i < 10 && !h.session.isFinished(); i++) {
            now += 3_000;
            h.session.onTimer(now);
        }
        assertThat(h.session.isFinished()).isTrue();
        assertThat(h.linkDowns).isEqualTo(1);
        assertThat(h.leased).isEmpty();
    }
}
