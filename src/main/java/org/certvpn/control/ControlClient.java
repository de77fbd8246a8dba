package org.certvpn.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Sends one command to a running gateway and reads its answer. */
public final class ControlClient {
    private ControlClient() {}

    public static ControlResponse call(Path socketPath, ControlRequest request) throws ControlException {
        if (!Files.exists(socketPath)) {
            throw new ControlException("gateway not running (no control socket at " + socketPath + ")");
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socketPath));
            } catch (IOException e) {
                throw new ControlException("gateway not running (" + socketPath + ": " + e.getMessage() + ")", e);
            }
            ByteBuffer req = ByteBuffer.wrap(request.encode().getBytes(StandardCharsets.UTF_8));
            while (req.hasRemaining()) {
                ch.write(req);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("| ")) {
                    lines.add(line.substring(2));
                } else if (line.equals("OK")) {
                    return ControlResponse.ok(lines);
                } else if (line.startsWith("ERR ")) {
                    return new ControlResponse(false, lines, line.substring(4));
                } else {
                    throw new ControlException("unexpected answer from gateway: " + line);
                }
            }
            throw new ControlException("gateway closed the control connection without an answer");
        } catch (IOException e) {
            throw new ControlException("control socket " + socketPath + ": " + e.getMessage(), e);
        }
    }
}
