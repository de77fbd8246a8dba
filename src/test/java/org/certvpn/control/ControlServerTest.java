package org.certvpn.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {
    @TempDir
    Path dir;

    private static ControlResponse echo(ControlRequest r) {
        return switch (r.command()) {
            case "status" -> ControlResponse.ok("sessions: 0", "multi\nline");
            case "kick" -> r.args().isEmpty() ? ControlResponse.error("kick needs a user or address")
                    : ControlResponse.ok("kicked " + r.arg(0));
            case "boom" -> throw new IllegalStateException("handler bug");
            default -> ControlResponse.error("unknown command " + r.command());
        };
    }

    @Test
    void answersCommandsAndErrors() throws Exception {
        Path sock = dir.resolve("run/control.sock");
        try (ControlServer server = new ControlServer(sock, ControlServerTest::echo)) {
            server.start();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent()))).isEqualTo("rwx------");

            ControlResponse status = ControlClient.call(sock, ControlRequest.of("status"));
            assertThat(status.ok()).isTrue();
            assertThat(status.lines()).containsExactly("sessions: 0", "multi", "line");

            ControlResponse kick = ControlClient.call(sock, ControlRequest.of("kick", "alice smith"));
            assertThat(kick.lines()).containsExactly("kicked alice smith");

            ControlResponse bad = ControlClient.call(sock, ControlRequest.of("kick"));
            assertThat(bad.ok()).isFalse();
            assertThat(bad.error()).isEqualTo("kick needs a user or address");

            ControlResponse crash = ControlClient.call(sock, ControlRequest.of("boom"));
            assertThat(crash.ok()).isFalse();
            assertThat(crash.error()).contains("handler bug");
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void replacesStaleSocketButRefusesWhenAnotherGatewayAnswers() throws Exception {
        Path sock = dir.resolve("control.sock");
        Files.createFile(sock);
        try (ControlServer first = new ControlServer(sock, ControlServerTest::echo)) {
            first.start();
            ControlServer second = new ControlServer(sock, ControlServerTest::echo);
            assertThatThrownBy(second::start).isInstanceOf(IOException.class).hasMessageContaining("another gateway");
            assertThat(ControlClient.call(sock, ControlRequest.of("status")).ok()).isTrue();
        }
    }

    @Test
    void oversizedRequestIsCutOffNotBuffered() throws Exception {
        Path sock = dir.resolve("control.sock");
        try (ControlServer server = new ControlServer(sock, ControlServerTest::echo)) {
            server.start();
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(sock));
                byte[] huge = "x".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
                ByteBuffer buf = ByteBuffer.wrap(huge);
                // fits in the socket buffer, so the write completes although the server reads only its limit
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                try {
                    String answer = new String(readAll(ch), StandardCharsets.UTF_8);
                    assertThat(answer).isEqualTo("ERR request longer than 4096 bytes\n");
                } catch (IOException reset) {
                    // closing with unread input resets the connection; the client may see that instead
                }
            }
            assertThat(ControlClient.call(sock, ControlRequest.of("status")).ok()).isTrue();
        }
    }

    private static byte[] readAll(SocketChannel ch) throws IOException {
        return java.nio.channels.Channels.newInputStream(ch).readAllBytes();
    }

    @Test
    void clientSaysGatewayNotRunning() {
        assertThatThrownBy(() -> ControlClient.call(dir.resolve("none.sock"), ControlRequest.of("status")))
                .isInstanceOf(ControlException.class).hasMessageContaining("gateway not running");
    }

    @Test
    void requestsCannotSmuggleLines() {
        assertThatThrownBy(() -> ControlRequest.of("kick", "a\nreload")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ControlRequest.decode("kick\talice\t").args()).containsExactly("alice", "");
    }

    @Test
    void otherUsersAreRefusedEvenWhenTheSocketIsOpenToThem() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a client as another user");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "needs /usr/bin/python3 and runuser");
        Path open = Files.createTempDirectory(Path.of("/tmp"), "ctl");
        try {
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path sock = open.resolve("control.sock");
            try (ControlServer server = new ControlServer(sock, ControlServerTest::echo)) {
                server.start();
                Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-rw-rw-"));
                String script = "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\n"
                        // the gateway may refuse and close before the request is written: that is fine
                        + "try:\n  s.sendall(b'status\\n')\nexcept OSError:\n  pass\n"
                        + "print(s.recv(4096).decode(),end='')\n";
                Process p = new ProcessBuilder(List.of("/usr/sbin/runuser", "-u", "nobody", "--", "/usr/bin/python3",
                        "-c", script, sock.toString())).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as(out).isZero();
                assertThat(out).isEqualTo("ERR permission denied: only root may control the gateway\n");
            }
        } finally {
            try (var s = Files.walk(open)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
