package org.certvpn.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IkeSaTableTest {
    private static final Endpoint A = new Endpoint(addr("198.51.100.1"), 500);
    private static final Endpoint B = new Endpoint(addr("198.51.100.1"), 4500);

    private static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void lookupsBySpisSerialAndInitiator() {
        IkeSaTable<String> t = new IkeSaTable<>(new IkeSettings.Limits(2, 3, Duration.ofSeconds(1)));
        t.add(1, "one", A, 11, 0);
        assertThat(t.byInitiator(A, 11)).isEqualTo("one");
        assertThat(t.get(11, 0)).isNull();
        t.bindResponderSpi("one", 11, 22);
        assertThat(t.get(11, 22)).isEqualTo("one");
        t.add(2, "two", B, 11, 33);
        assertThat(t.get(11, 33)).isEqualTo("two");
        assertThat(t.all()).containsExactly("one", "two");
        t.remove(1, 11, 22, A);
        assertThat(t.get(11, 22)).isNull();
        assertThat(t.byInitiator(A, 11)).isNull();
        assertThat(t.bySerial(2)).isEqualTo("two");
    }

    @Test
    void halfOpenLimits() {
        IkeSaTable<String> t = new IkeSaTable<>(new IkeSettings.Limits(2, 3, Duration.ofSeconds(1)));
        InetAddress x = addr("198.51.100.1");
        InetAddress y = addr("198.51.100.2");
        t.openHalf(x);
        t.openHalf(x);
        assertThat(t.admitsHalfOpen(x)).isFalse();
        assertThat(t.admitsHalfOpen(y)).isTrue();
        t.openHalf(y);
        assertThat(t.admitsHalfOpen(y)).isFalse();
        t.closeHalf(x);
        assertThat(t.halfOpen()).isEqualTo(2);
        assertThat(t.halfOpenFrom(x)).isEqualTo(1);
    }
}
