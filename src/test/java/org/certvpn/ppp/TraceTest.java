package org.certvpn.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With debug tracing on, whole links produce readable lines (and every format string works). */
class TraceTest {
    private final Logger logger = Logger.getLogger("org.certvpn.ppp");
    private final List<String> lines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override public void flush() { }
        @Override public void close() { }
    };
    private Level previous;

    @BeforeEach
    void captureDebug() {
        previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void restore() {
        logger.removeHandler(capture);
        logger.setLevel(previous);
    }

    @Test
    void linksTellTheirStory() {
        new TestLink(TestLink.gateway(), PppClientSettings.windowsLike("alice", "alice-secret"),
                Optional.of(TestLink.certificateOf("alice"))).startAndRun(10_000);
        TestLink failed = new TestLink(TestLink.gateway(), PppClientSettings.androidLike("bob", "bob-secret"),
                Optional.of(TestLink.certificateOf("alice"))).startAndRun(30_000);
        failed.server.close(LinkDownReason.ADMIN_CLOSE, "again", failed.now);

        assertThat(lines).contains(
                "ppp[gw]: LCP: Req-Sent -> Ack-Rcvd on RCA",
                "ppp[gw]: phase ESTABLISH -> AUTHENTICATE (LCP opened, MS-CHAPv2)",
                "ppp[gw]: PPP user \"alice\" authenticated",
                "ppp[gw]: network up: alice is 203.0.113.130",
                "ppp[gw]: LCP: Protocol-Reject for CCP",
                "ppp[gw]: authentication failed: PPP user \"bob\" refused: certificate CN is \"alice\" (binding=require)");
        assertThat(lines).anyMatch(l -> l.matches("ppp\\[gw\\]: LCP: sent Configure-Reject id=\\d+ len=20 "
                        + "\\[Callback=06, MRRU=064e, Endpoint-Discriminator=01133742420001\\]"))
                .anyMatch(l -> l.matches("ppp\\[gw\\]: IPCP: sent Configure-Nak id=\\d+ len=22 \\[IP-Address=203.0.113.130, "
                        + "Primary-DNS=192.0.2.53, Secondary-DNS=192.0.2.54\\]"))
                .anyMatch(l -> l.matches("ppp\\[gw\\]: LCP: received Configure-Request id=\\d+ len=30 \\[Magic-Number=0x[0-9a-f]{8}, "
                        + "PFC, ACFC, Callback=06, MRRU=064e, Endpoint-Discriminator=01133742420001\\]"))
                .anyMatch(l -> l.startsWith("ppp[gw]: link down: AUTH_FAILED (PPP user \"bob\" refused"));
    }
}
