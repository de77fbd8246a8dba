package org.certvpn.loadgen;

/**
 * One forwarding measurement through the gateway, in one direction.
 *
 * @param direction "up" (clients to the sink behind the gateway's TUN) or "down" (sink to a client)
 * @param packetSize IPv4 packet length inside the tunnel
 * @param flows tunnels that carried the traffic
 * @param sent packets the sending side got out of its socket
 * @param received packets that arrived at the other end
 * @param millis the sending window
 */
public record ThroughputReport(String direction, int packetSize, int flows, long sent, long received, long millis) {
    public double receivedPps() {
        return millis == 0 ? 0 : received * 1000.0 / millis;
    }

    public double sentPps() {
        return millis == 0 ? 0 : sent * 1000.0 / millis;
    }

    /** Inner IPv4 bits per second that arrived, in Mbit/s. */
    public double receivedMbits() {
        return receivedPps() * packetSize * 8 / 1e6;
    }

    public double loss() {
        return sent == 0 ? 0 : Math.max(0, 1.0 - (double) received / sent);
    }

    public String text() {
        return String.format(java.util.Locale.ROOT,
                "%-4s %4d B x %d flow(s): sent %.0f pps, received %.0f pps = %.1f Mbit/s, loss %.2f%% (%d/%d in %.1f s)%n",
                direction, packetSize, flows, sentPps(), receivedPps(), receivedMbits(), loss() * 100, received, sent,
                millis / 1000.0);
    }

    public String json() {
        return String.format(java.util.Locale.ROOT,
                "{\"direction\":\"%s\",\"packetSize\":%d,\"flows\":%d,\"sent\":%d,\"received\":%d,\"millis\":%d,"
                        + "\"sentPps\":%.0f,\"receivedPps\":%.0f,\"receivedMbits\":%.1f,\"loss\":%.4f}",
                direction, packetSize, flows, sent, received, millis, sentPps(), receivedPps(), receivedMbits(), loss());
    }
}
