package org.certvpn.gateway.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Traffic for {@link HostForwardingNamespaceTest}, run inside a namespace. {@code echo ADDRESS PORT}
 * answers every datagram with the address it came from. {@code ask ADDRESS PORT} sends one datagram
 * for every line it reads and prints the answer, or {@code TIMEOUT}. Both print {@code READY} first.
 */
public final class UdpProbe {
    private static final int ANSWER_TIMEOUT_MILLIS = 500;

    private UdpProbe() {}

    public static void main(String[] args) throws Exception {
        InetSocketAddress where = new InetSocketAddress(InetAddress.ofLiteral(args[1]), Integer.parseInt(args[2]));
        if (args[0].equals("echo")) {
            echo(where);
        } else {
            ask(where);
        }
    }

    private static void echo(InetSocketAddress where) throws IOException {
        try (DatagramSocket s = new DatagramSocket(where)) {
            System.out.println("READY");
            System.out.flush();
            byte[] buf = new byte[512];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                byte[] answer = ("from " + p.getAddress().getHostAddress()).getBytes(StandardCharsets.US_ASCII);
                try {
                    s.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                } catch (IOException e) {
                    // no route back to an address that was not masqueraded: the asker times out
                }
            }
        }
    }

    private static void ask(InetSocketAddress where) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            System.out.println("READY");
            System.out.flush();
            byte[] buf = new byte[512];
            int sequence = 0;
            while (in.readLine() != null) {
                String question = "q" + (++sequence);
                byte[] hello = question.getBytes(StandardCharsets.US_ASCII);
                String answer = "TIMEOUT";
                // twice: the first datagram may be the one that waits for neighbour discovery
                for (int attempt = 0; attempt < 2 && answer.equals("TIMEOUT"); attempt++) {
                    try {
                        s.send(new DatagramPacket(hello, hello.length, where));
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        s.receive(p);
                        answer = new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII);
                    } catch (SocketTimeoutException e) {
                        // try again, or report TIMEOUT
                    } catch (IOException e) {
                        answer = "ERROR " + e.getMessage();
                    }
                }
                drainLateAnswers(s);
                System.out.println(answer);
                System.out.flush();
            }
        }
    }

    /** Answers that arrive after a timeout must not be taken for the answer to the next question. */
    private static void drainLateAnswers(DatagramSocket s) throws IOException {
        int timeout = s.getSoTimeout();
        s.setSoTimeout(1);
        try {
            byte[] buf = new byte[512];
            while (true) {
                s.receive(new DatagramPacket(buf, buf.length));
            }
        } catch (SocketTimeoutException e) {
            // none left
        } finally {
            s.setSoTimeout(timeout);
        }
    }
}
