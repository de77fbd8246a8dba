package org.certvpn.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Serves control commands on a Unix domain socket.
 *
 * <p>Access control has two layers: the socket file is mode 0600 in a directory created 0700, and every
 * connection's peer credentials ({@code SO_PEERCRED}) must be root or the gateway's own user, so a
 * permissive parent directory cannot open it to others. One request per connection; each connection is
 * served on its own virtual thread with a read limit, so a stuck client cannot block the gateway.
 */
public final class ControlServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlServer.class.getName());

    private final Path socketPath;
    private final ControlHandler handler;
    private final String ownUser = System.getProperty("user.name");
    private ServerSocketChannel server;
    private ExecutorService connections;
    private Thread acceptor;

    public ControlServer(Path socketPath, ControlHandler handler) {
        this.socketPath = Objects.requireNonNull(socketPath, "socketPath");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Binds the socket, replacing a stale socket file left by a previous process.
     *
     * @throws IOException when the socket cannot be created, or another gateway is already answering on it
     */
    public synchronized void start() throws IOException {
        Path dir = socketPath.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (Files.exists(socketPath)) {
            if (answers(socketPath)) {
                throw new IOException(socketPath + ": another gateway is running (its control socket answers)");
            }
            Files.delete(socketPath);
        }
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketPath));
        Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
        connections = Executors.newVirtualThreadPerTaskExecutor();
        acceptor = Thread.ofPlatform().name("control-accept").daemon().start(this::acceptLoop);
    }

    private static boolean answers(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "control socket accept failed: " + e.getMessage());
                return;
            }
            connections.execute(() -> serve(ch));
        }
    }

    private void serve(SocketChannel ch) {
        try (ch; OutputStream out = Channels.newOutputStream(ch)) {
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String user = peer.user().getName();
            if (!user.equals("root") && !user.equals(ownUser)) {
                LOG.log(System.Logger.Level.WARNING, "control socket: refused user " + user);
                write(out, ControlResponse.error("permission denied: only root may control the gateway"));
                return;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(
                    new LimitedInputStream(Channels.newInputStream(ch), ControlRequest.MAX_LINE), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                write(out, ControlResponse.error("empty request"));
                return;
            }
            if (line.length() >= ControlRequest.MAX_LINE) {
                write(out, ControlResponse.error("request longer than " + ControlRequest.MAX_LINE + " bytes"));
                return;
            }
            ControlRequest request;
            try {
                request = ControlRequest.decode(line);
            } catch (IllegalArgumentException e) {
                write(out, ControlResponse.error("bad request: " + e.getMessage()));
                return;
            }
            ControlResponse response;
            try {
                response = handler.handle(request);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "control command " + request.command() + " failed", e);
                response = ControlResponse.error("internal error: " + e);
            }
            write(out, response);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "control connection: " + e.getMessage());
        }
    }

    static void write(OutputStream out, ControlResponse response) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : response.lines()) {
            for (String part : line.split("\n", -1)) {
                sb.append("| ").append(part).append('\n');
            }
        }
        sb.append(response.ok() ? "OK" : "ERR " + response.error().replace('\n', ' ')).append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public Path socketPath() {
        return socketPath;
    }

    /** Stops accepting, waits briefly for running commands, removes the socket file. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket only fails if it is already closed
        }
        connections.shutdown();
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + socketPath + ": " + e.getMessage());
        }
        server = null;
    }

    /** Caps what one request may send, so a client cannot make the gateway buffer without end. */
    private static final class LimitedInputStream extends java.io.FilterInputStream {
        private int remaining;

        LimitedInputStream(java.io.InputStream in, int limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
