package org.certvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.certvpn.identity.PeerIdentity;
import org.junit.jupiter.api.Test;

class TunnelsByIdentityTest {
    private static final String ALICE = TunnelsByIdentity.key(PeerIdentity.certificate(
            new X500Principal("CN=alice, O=Example"), "alice", BigInteger.ONE));
    private static final String BOB = TunnelsByIdentity.key(PeerIdentity.certificate(
            new X500Principal("CN=bob, O=Example"), "bob", BigInteger.TWO));

    private static TunnelsByIdentity.Tunnel tunnel(int port, int id) {
        PeerContext peer = new PeerContext(new InetSocketAddress(GatewayCleartextTest.address("198.51.100.7"), port),
                Transport.ESP, null);
        return new TunnelsByIdentity.Tunnel(null, new L2tpPeerKey(peer, 1701), id);
    }

    @Test
    void aTunnelComingUpGetsTheOthersOfItsIdentityNewestFirst() {
        TunnelsByIdentity index = new TunnelsByIdentity();
        TunnelsByIdentity.Tunnel phone = tunnel(4500, 7);
        TunnelsByIdentity.Tunnel laptop = tunnel(4501, 7);

        assertThat(index.add(ALICE, phone)).isEmpty();
        assertThat(index.add(BOB, tunnel(4502, 9))).as("another identity").isEmpty();
        assertThat(index.add(ALICE, laptop)).containsExactly(phone);
        assertThat(index.add(ALICE, tunnel(4503, 8))).containsExactly(laptop, phone);

        index.remove(ALICE, laptop);
        assertThat(index.count(ALICE)).isEqualTo(2);
        assertThat(index.add(ALICE, tunnel(4504, 8))).doesNotContain(laptop).hasSize(2);
    }

    @Test
    void aCertificateManyClientsShareHasOnlyItsNewestTunnelsProbed() {
        TunnelsByIdentity index = new TunnelsByIdentity();
        List<TunnelsByIdentity.Tunnel> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            TunnelsByIdentity.Tunnel t = tunnel(10_000 + i, 1);
            index.add(ALICE, t);
            all.add(t);
        }

        List<TunnelsByIdentity.Tunnel> probed = index.add(ALICE, tunnel(20_000, 1));

        assertThat(probed).hasSize(TunnelsByIdentity.MAX_PROBED)
                .containsExactlyElementsOf(all.reversed().subList(0, TunnelsByIdentity.MAX_PROBED));
        for (TunnelsByIdentity.Tunnel t : all) {
            index.remove(ALICE, t);
        }
        assertThat(index.count(ALICE)).isEqualTo(1);
    }
}
