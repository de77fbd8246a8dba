package org.certvpn.hardening;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.certvpn.gateway.TestIpsecClient;

/**
 * PPP logins of one user ({@code alice}) with a wrong password, over and over, four at a time from four
 * addresses: each is a whole connection (IKE, ESP, L2TP, PPP) that ends with the authentication failure.
 * The gateway's throttle must start refusing them (before looking at the password) and log that sparingly.
 */
final class LoginFlood {
    private final FloodRun run;
    private final int attempts;

    LoginFlood(FloodRun run, int attempts) {
        this.run = run;
        this.attempts = attempts;
    }

    long run() throws Exception {
        int done = 0;
        int port = 30_000;
        while (done < attempts) {
            List<TestIpsecClient> batch = new ArrayList<>();
            for (int i = 0; i < 4 && done < attempts; i++, done++) {
                InetAddress from = FloodRun.address("198.51.100." + (201 + i));
                batch.add(run.loginAttempt(from, port, "alice", "not-alices-password-" + done, 77_000 + done));
                port += 2;
            }
            for (TestIpsecClient c : batch) {
                c.linkDown.await(20, TimeUnit.SECONDS);
                c.close();
            }
        }
        return attempts;
    }
}
