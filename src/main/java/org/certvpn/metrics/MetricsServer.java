package org.certvpn.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.certvpn.config.MetricsSettings;

/**
 * Serves {@code GET /metrics} for Prometheus on the JDK's built-in HTTP server.
 *
 * <p>It binds where {@link MetricsSettings} says (loopback by default): the endpoint has no
 * authentication, and user names appear nowhere in it, but session counts and traffic volumes are
 * still nobody else's business. Requests are served on virtual threads, so a slow scraper cannot hold
 * up another. OpenMetrics is served to scrapers that ask for it in {@code Accept}; everyone else gets
 * the Prometheus text format 0.0.4.
 */
public final class MetricsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricsServer.class.getName());

    static final String PATH = "/metrics";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the endpoint when the settings enable it.
     *
     * @throws IOException when the address cannot be bound (port in use, address not on this host)
     */
    public static Optional<MetricsServer> startIfEnabled(MetricsSettings settings, GatewayMetrics metrics)
            throws IOException {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        return Optional.of(start(new InetSocketAddress(settings.address(), settings.port()), metrics));
    }

    /**
     * Starts the endpoint on {@code address}; port 0 picks a free port (see {@link #address()}).
     *
     * @throws IOException when the address cannot be bound
     */
    public static MetricsServer start(InetSocketAddress address, GatewayMetrics metrics) throws IOException {
        Objects.requireNonNull(metrics, "metrics");
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("metrics endpoint " + address.getAddress().getHostAddress() + ":" + address.getPort()
                    + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, metrics));
        server.start();
        MetricsServer started = new MetricsServer(server, executor);
        LOG.log(System.Logger.Level.INFO, "metrics on http://" + started.hostAndPort() + PATH);
        return started;
    }

    private static void handle(HttpExchange exchange, GatewayMetrics metrics) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found; metrics are at " + PATH + "\n", method);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "use GET\n", method);
                return;
            }
            String contentType = wantsOpenMetrics(exchange.getRequestHeaders().getFirst("Accept"))
                    ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
            send(exchange, 200, contentType, metrics.scrape(contentType), method);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "metrics scrape failed", e);
            throw e;
        }
    }

    static boolean wantsOpenMetrics(String accept) {
        return accept != null && accept.contains("application/openmetrics-text");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body, String method)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The address actually bound (with the chosen port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private String hostAndPort() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Stops answering at once (scrapes in flight are cut off) and releases the port. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
