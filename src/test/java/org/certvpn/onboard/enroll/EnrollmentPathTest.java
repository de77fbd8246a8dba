package org.certvpn.onboard.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnrollmentPathTest {
    private static final String TOKEN = "SqcMk9CTwQy330SSZ3toyw";

    @Test
    void pageAndFiles() {
        assertThat(EnrollmentPath.parse("/e/" + TOKEN)).contains(new EnrollmentPath(TOKEN, Optional.empty()));
        assertThat(EnrollmentPath.parse("/e/" + TOKEN + "/")).contains(new EnrollmentPath(TOKEN, Optional.empty()));
        assertThat(EnrollmentPath.parse("/e/" + TOKEN + "/9D12528C-bob.p12"))
                .contains(new EnrollmentPath(TOKEN, Optional.of("9D12528C-bob.p12")));
        assertThat(EnrollmentPath.page(TOKEN)).isEqualTo("/e/" + TOKEN + "/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/e/", "/e/short", "/x/" + TOKEN, "/e/" + TOKEN + "x",
        "/e/" + TOKEN + "/../ca/private/ca.key", "/e/" + TOKEN + "/.hidden", "/e/" + TOKEN + "/a/b",
        "/e/" + TOKEN + "/a%2fb", "/e/SqcMk9CTwQy330SSZ3toy=", "/E/" + TOKEN})
    void refusesEverythingElse(String path) {
        assertThat(EnrollmentPath.parse(path)).isEmpty();
    }

    @Test
    void listenAddresses() {
        assertThat(ListenAddress.parse("0.0.0.0:8443")).isEqualTo(new InetSocketAddress("0.0.0.0", 8443));
        assertThat(ListenAddress.parse("192.0.2.10:0").getPort()).isZero();
        assertThat(ListenAddress.parse("[::]:8443").getAddress().isAnyLocalAddress()).isTrue();
        assertThat(ListenAddress.parse("[2001:db8::1]:443").getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8443", ":8443", "0.0.0.0", "0.0.0.0:", "0.0.0.0:65536", "0.0.0.0:-1", "1.2:80",
        "localhost:8443", "::1:8443", "[192.0.2.1]:80", "[::1]8443", "[fe80::1%eth0]:80", "0x7f.0.0.1:80", "0.0.0.0:+80"})
    void refusesBadListenAddresses(String text) {
        assertThatThrownBy(() -> ListenAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
