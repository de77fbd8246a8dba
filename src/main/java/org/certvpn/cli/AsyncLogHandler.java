package org.certvpn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * A log handler that never makes the caller wait: records go into a bounded queue and one writer thread
 * formats and writes them. A shard thread that logs a connection step costs a queue offer, not a format,
 * a write and a flush (measured: synchronous console lines cost as much CPU as the rest of a connect
 * outside its public-key operations). When the queue is full the record is dropped and counted; the
 * writer reports the count in a line of its own as soon as it catches up, so gaps in the log are visible.
 */
final class AsyncLogHandler extends Handler {
    static final int DEFAULT_CAPACITY = 16_384;
    private static final int BATCH = 256;

    private final ArrayBlockingQueue<LogRecord> queue;
    private final Writer out;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    /** A handler whose writer thread is running. */
    static AsyncLogHandler start(OutputStream out, int capacity) {
        AsyncLogHandler h = new AsyncLogHandler(out, capacity);
        h.writer.start();
        return h;
    }

    /** Not started: tests fill the queue before the writer runs. */
    AsyncLogHandler(OutputStream out, int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        this.writer = Thread.ofPlatform().daemon().name("log-writer").unstarted(this::drainLoop);
    }

    void startWriter() {
        writer.start();
    }

    /** Records dropped so far because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    private void drainLoop() {
        List<LogRecord> batch = new ArrayList<>(BATCH);
        long reported = 0;
        try {
            while (!closed || !queue.isEmpty()) {
                LogRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                reported = writeBatch(batch, reported);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeDropped(reported);
    }

    private long writeBatch(List<LogRecord> batch, long reported) {
        try {
            for (LogRecord r : batch) {
                out.write(getFormatter().format(r));
            }
            reported = writeDropped(reported);
            if (queue.isEmpty()) {
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            reportError("log line not written", e instanceof Exception x ? x : null, ErrorManager.WRITE_FAILURE);
        }
        return reported;
    }

    /** Writes a line about records dropped since the last report; returns the count reported so far. */
    private long writeDropped(long reported) {
        long now = dropped.get();
        if (now == reported) {
            return reported;
        }
        try {
            out.write("log: " + (now - reported) + " line(s) dropped: the log writer could not keep up\n");
            out.flush();
        } catch (IOException e) {
            reportError("log line not written", e, ErrorManager.WRITE_FAILURE);
        }
        return now;
    }

    /** Waits (briefly) until what is queued now has been written. */
    @Override
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!queue.isEmpty() && writer.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        try {
            out.flush();
        } catch (IOException e) {
            reportError("log not flushed", e, ErrorManager.FLUSH_FAILURE);
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        if (writer.isAlive()) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (writer.getState() == Thread.State.NEW) {
            // Never started (tests): write on the closing thread.
            drainLoop();
        }
        try {
            out.flush();
        } catch (IOException e) {
            reportError("log not flushed", e, ErrorManager.FLUSH_FAILURE);
        }
    }
}
