package org.certvpn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.logging.Formatter;
import org.junit.jupiter.api.Test;

class AsyncLogHandlerTest {
    private static final Formatter MESSAGE_ONLY = new SimpleFormatter() {
        @Override
        public String format(LogRecord r) {
            return r.getMessage() + "\n";
        }
    };

    @Test
    void writesEveryLineInOrderAndDrainsOnClose() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncLogHandler h = AsyncLogHandler.start(out, 1024);
        h.setFormatter(MESSAGE_ONLY);
        for (int i = 0; i < 500; i++) {
            h.publish(new LogRecord(Level.INFO, "line " + i));
        }
        h.close();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(500);
        assertThat(lines[0]).isEqualTo("line 0");
        assertThat(lines[499]).isEqualTo("line 499");
        assertThat(h.dropped()).isZero();
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncLogHandler h = new AsyncLogHandler(out, 2);
        h.setFormatter(MESSAGE_ONLY);
        for (int i = 0; i < 5; i++) {
            h.publish(new LogRecord(Level.INFO, "line " + i));
        }
        assertThat(h.dropped()).isEqualTo(3);
        h.close();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("line 0\nline 1\n"
                + "log: 3 line(s) dropped: the log writer could not keep up\n");
    }

    @Test
    void recordsBelowTheHandlersLevelAreNotQueued() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncLogHandler h = new AsyncLogHandler(out, 1);
        h.setFormatter(MESSAGE_ONLY);
        h.setLevel(Level.WARNING);
        h.publish(new LogRecord(Level.INFO, "quiet"));
        h.publish(new LogRecord(Level.WARNING, "loud"));
        h.close();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("loud\n");
        assertThat(h.dropped()).isZero();
    }
}
