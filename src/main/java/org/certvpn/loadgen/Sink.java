package org.certvpn.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

/**
 * The far end of the throughput scenarios: a UDP service that runs behind the gateway's TUN device (in the
 * gateway's network namespace) and answers {@link SinkProtocol}. {@link #serve} runs it on a socket for a
 * bounded time; {@link #receive} is the protocol alone, for an in-memory TUN in tests.
 */
public final class Sink {
    /** Where answers go: back to whoever sent the request. */
    @FunctionalInterface
    public interface Reply {
        /** Returns false when the datagram could not be sent (queue full). */
        boolean send(byte[] payload, int off, int len) throws IOException;
    }

    private long packets;
    private long bytes;
    private final byte[] answer = new byte[17];
    private final byte[] blast = new byte[65_536];

    /** One UDP payload {@code buf[off, off+len)} from a client; may answer, or blast, through {@code reply}. */
    public void receive(byte[] buf, int off, int len, Reply reply) throws IOException {
        if (len < 1) {
            return;
        }
        switch (buf[off]) {
            case SinkProtocol.DATA -> {
                packets++;
                bytes += len + SinkProtocol.IP_UDP_HEADERS;
            }
            case SinkProtocol.ECHO -> {
                packets++;
                bytes += len + SinkProtocol.IP_UDP_HEADERS;
                reply.send(buf, off, len);
            }
            case SinkProtocol.STATS -> {
                answer[0] = SinkProtocol.STATS;
                SinkProtocol.putLong(answer, 1, packets);
                SinkProtocol.putLong(answer, 9, bytes);
                packets = 0;
                bytes = 0;
                reply.send(answer, 0, 17);
            }
            case SinkProtocol.BLAST -> {
                if (len < 13) {
                    return;
                }
                int size = SinkProtocol.getInt(buf, off + 1);
                int millis = SinkProtocol.getInt(buf, off + 5);
                int rate = SinkProtocol.getInt(buf, off + 9);
                long sent = blast(Math.max(SinkProtocol.IP_UDP_HEADERS + 1, Math.min(size, 65_000)),
                        Math.max(0, Math.min(millis, 600_000)), rate, reply);
                answer[0] = SinkProtocol.FINISHED;
                SinkProtocol.putLong(answer, 1, sent);
                // The blast leaves the gateway's queues full: let them drain, and say it more than once.
                for (int i = 0; i < 3; i++) {
                    sleep(100);
                    reply.send(answer, 0, 9);
                }
            }
            default -> { }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends 'D' payloads making {@code size}-byte IPv4 packets for {@code millis}; returns how many went out. */
    private long blast(int size, int millis, int rate, Reply reply) throws IOException {
        int payload = size - SinkProtocol.IP_UDP_HEADERS;
        blast[0] = SinkProtocol.DATA;
        long start = System.nanoTime();
        long end = start + millis * 1_000_000L;
        long sent = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            if (rate > 0 && sent >= (now - start) * rate / 1_000_000_000L) {
                Thread.onSpinWait();
                continue;
            }
            if (reply.send(blast, 0, payload)) {
                sent++;
            }
        }
        return sent;
    }

    /**
     * Serves on a UDP socket bound to {@code listen} until {@code maxRuntime} has passed: the sink never
     * outlives the run that started it.
     */
    public static void serve(InetSocketAddress listen, Duration maxRuntime) throws IOException {
        Sink sink = new Sink();
        try (DatagramChannel ch = DatagramChannel.open(java.net.StandardProtocolFamily.INET)) {
            ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.bind(listen);
            Thread stopper = Thread.ofPlatform().daemon().name("sink-stop").start(() -> {
                try {
                    Thread.sleep(maxRuntime.toMillis());
                    ch.close();
                } catch (InterruptedException | IOException e) {
                    // stopping anyway
                }
            });
            byte[] buf = new byte[65_536];
            ByteBuffer in = ByteBuffer.wrap(buf);
            ByteBuffer[] out = new ByteBuffer[1];
            while (ch.isOpen()) {
                in.clear();
                InetSocketAddress from;
                try {
                    from = (InetSocketAddress) ch.receive(in);
                } catch (java.nio.channels.ClosedChannelException e) {
                    break;
                }
                InetSocketAddress to = from;
                sink.receive(buf, 0, in.position(), (b, o, l) -> {
                    if (out[0] == null || out[0].array() != b) {
                        out[0] = ByteBuffer.wrap(b);
                    }
                    out[0].limit(o + l).position(o);
                    return ch.send(out[0], to) > 0;
                });
            }
            stopper.interrupt();
        }
    }
}
