package org.certvpn.onboard.enroll;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.certvpn.onboard.BundleFile;
import org.certvpn.onboard.ClientBundle;

/**
 * Serves one {@link ClientBundle} over HTTPS under one {@link EnrollmentGrant}, and stops by itself
 * once the grant is {@link EnrollmentGrant#finished finished} (used up or expired, plus linger).
 *
 * <p>Flow of a request: the raw path must be an {@link EnrollmentPath} whose token matches (else the
 * same 404 for everything); the page and the CA certificate are {@link EnrollmentGrant#view viewed},
 * the {@code .p12}, profile and zip {@link EnrollmentGrant#download downloaded}, which spends the
 * grant before the first byte is sent. HEAD answers the headers and never spends. Every answer says
 * {@code Cache-Control: no-store}: nothing of it belongs in a browser cache.
 */
public final class EnrollmentServer implements AutoCloseable {
    /** How often the server looks whether its grant has finished. */
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(200);

    private final HttpsServer server;
    private final ExecutorService handlers;
    private final ClientBundle bundle;
    private final byte[] zip;
    private final EnrollmentGrant grant;
    private final Clock clock;
    private final Consumer<String> events;
    private final URI url;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread watcher;

    private EnrollmentServer(HttpsServer server, ExecutorService handlers, ClientBundle bundle, EnrollmentGrant grant,
            Clock clock, Consumer<String> events, String urlHost) {
        this.server = server;
        this.handlers = handlers;
        this.bundle = bundle;
        this.zip = bundle.zip();
        this.grant = grant;
        this.clock = clock;
        this.events = events;
        String host = urlHost.contains(":") ? "[" + urlHost + "]" : urlHost;
        this.url = URI.create("https://" + host + ":" + server.getAddress().getPort() + EnrollmentPath.page(grant.token()));
        this.watcher = Thread.ofPlatform().daemon().name("enrollment-watch").unstarted(this::watch);
    }

    /**
     * Binds {@code listen} (port 0 picks a free one) and starts serving.
     *
     * @param urlHost the host the URL names: what the phone can reach
     * @param events one line per thing the admin should know (page opened, file downloaded, refused, stopped)
     */
    public static EnrollmentServer start(ClientBundle bundle, EnrollmentGrant grant, InetSocketAddress listen,
            String urlHost, EphemeralTls tls, Clock clock, Consumer<String> events) throws IOException {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(events, "events");
        HttpsServer server = HttpsServer.create(listen, 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.context()));
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(handlers);
        EnrollmentServer s = new EnrollmentServer(server, handlers, bundle, grant, clock, events, urlHost);
        server.createContext("/", s::handle);
        server.start();
        s.watcher.start();
        return s;
    }

    /** The page's URL, with the token. */
    public URI url() {
        return url;
    }

    public InetSocketAddress boundAddress() {
        return server.getAddress();
    }

    /** Waits until the server has stopped by itself (or was closed); false when {@code max} passed first. */
    public boolean awaitStop(Duration max) throws InterruptedException {
        return stopped.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    @Override
    public void close() {
        stop("closed");
    }

    private void watch() {
        try {
            while (!isStopped()) {
                if (grant.finished(clock.instant())) {
                    stop(grant.state(clock.instant()) == EnrollmentGrant.State.SPENT
                            ? "the link was used; stopped" : "the link expired unused; stopped");
                    return;
                }
                Thread.sleep(WATCH_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void stop(String why) {
        if (isStopped()) {
            return;
        }
        server.stop(1);
        handlers.shutdown();
        events.accept(why);
        stopped.countDown();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String peer = peer(ex);
            String method = ex.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(), null, false);
                return;
            }
            Optional<EnrollmentPath> path = EnrollmentPath.parse(ex.getRequestURI().getRawPath());
            if (path.isEmpty() || !grant.tokenMatches(path.get().token())) {
                events.accept("refused " + peer + ": unknown path (wrong or old link)");
                send(ex, 404, "text/html; charset=utf-8", EnrollmentPage.notFound(), null, head);
                return;
            }
            Optional<String> fileName = path.get().file();
            if (fileName.isEmpty()) {
                servePage(ex, peer, head);
                return;
            }
            serveFile(ex, fileName.get(), peer, head);
        }
    }

    private void servePage(HttpExchange ex, String peer, boolean head) throws IOException {
        switch (grant.view(clock.instant())) {
            case EnrollmentGrant.Decision.Allowed a -> {
                if (!head) {
                    events.accept("page opened by " + peer + userAgent(ex));
                }
                send(ex, 200, "text/html; charset=utf-8", EnrollmentPage.open(bundle, grant.token(), grant.expiresAt()), null, head);
            }
            case EnrollmentGrant.Decision.Refused r -> refuse(ex, r, peer, "the page", head);
        }
    }

    private void serveFile(HttpExchange ex, String name, String peer, boolean head) throws IOException {
        byte[] content;
        String type;
        boolean carriesKey;
        boolean inline = false;
        if (name.equals(bundle.zipName())) {
            content = zip;
            type = "application/zip";
            carriesKey = true;
        } else {
            Optional<BundleFile> f = bundle.file(name).filter(EnrollmentServer::offered);
            if (f.isEmpty()) {
                events.accept("refused " + peer + ": no file " + name);
                send(ex, 404, "text/html; charset=utf-8", EnrollmentPage.notFound(), null, head);
                return;
            }
            content = f.get().content();
            type = f.get().role().mediaType();
            carriesKey = f.get().role().carriesKey();
            // Safari hands a profile to the installer only when it is not an attachment.
            inline = f.get().role() == BundleFile.Role.APPLE_PROFILE;
        }
        if (head) {
            switch (grant.view(clock.instant())) {
                case EnrollmentGrant.Decision.Allowed a -> send(ex, 200, type, content, name, true);
                case EnrollmentGrant.Decision.Refused r -> refuse(ex, r, peer, name, true);
            }
            return;
        }
        switch (grant.download(carriesKey, clock.instant(), peer)) {
            case EnrollmentGrant.Decision.Allowed a -> {
                events.accept("sent " + name + " to " + peer + userAgent(ex)
                        + (carriesKey ? ": the link is now used up" : ""));
                ex.getResponseHeaders().set("Content-Disposition", (inline ? "inline" : "attachment") + "; filename=\"" + name + "\"");
                send(ex, 200, type, content, name, false);
            }
            case EnrollmentGrant.Decision.Refused r -> refuse(ex, r, peer, name, false);
        }
    }

    /** Only what a device installs is offered one by one; the texts and the script come in the zip and on the page. */
    private static boolean offered(BundleFile f) {
        return switch (f.role()) {
            case P12, CA_CERTIFICATE, APPLE_PROFILE -> true;
            case WINDOWS_SCRIPT, TEXT -> false;
        };
    }

    private void refuse(HttpExchange ex, EnrollmentGrant.Decision.Refused r, String peer, String what, boolean head)
            throws IOException {
        events.accept("refused " + what + " to " + peer + ": the link "
                + (r.state() == EnrollmentGrant.State.SPENT ? "was used at " : "expired at ")
                + r.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        send(ex, 410, "text/html; charset=utf-8", EnrollmentPage.refused(r.state(), r.at()), null, head);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, String fileName, boolean head)
            throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Robots-Tag", "noindex");
        if (fileName == null) {
            h.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; "
                    + "frame-ancestors 'none'; base-uri 'none'");
        }
        if (head) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static String peer(HttpExchange ex) {
        InetSocketAddress a = ex.getRemoteAddress();
        InetAddress ip = a == null ? null : a.getAddress();
        return ip == null ? "?" : ip.getHostAddress();
    }

    private static String userAgent(HttpExchange ex) {
        String ua = ex.getRequestHeaders().getFirst("User-Agent");
        if (ua == null || ua.isBlank()) {
            return "";
        }
        String clean = ua.replaceAll("[^\\x20-\\x7e]", "?");
        return " (" + (clean.length() > 80 ? clean.substring(0, 80) + "..." : clean) + ")";
    }
}
