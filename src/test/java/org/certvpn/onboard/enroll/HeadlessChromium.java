package org.certvpn.onboard.enroll;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol on a WebSocket: one page (tab),
 * navigation, script evaluation in the page, screenshots and downloads. Started with the flags this
 * machine's closed network needs, a fresh profile, and only loopback pages.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final List<JsonObject> backlog = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private String session;

    private HeadlessChromium(Process process, Path profile, URI devtools) throws Exception {
        this.process = process;
        this.profile = profile;
        StringBuilder partial = new StringBuilder();
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(devtools, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(JsonParser.parseString(partial.toString()).getAsJsonObject());
                    partial.setLength(0);
                }
                ws.request(1);
                return CompletableFuture.completedFuture(null);
            }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Starts Chromium and opens one tab.
     *
     * @param ignoreCertificateErrors accept the enrollment server's self-signed certificate, as a user
     *     does when they go past the browser's warning
     */
    static HeadlessChromium start(Path workDir, boolean ignoreCertificateErrors, int width, int height) throws Exception {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--window-size=" + width + "," + height));
        if (ignoreCertificateErrors) {
            cmd.add("--ignore-certificate-errors");
        }
        cmd.add("about:blank");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        URI devtools = devtoolsUrl(p);
        HeadlessChromium c = new HeadlessChromium(p, profile, devtools);
        JsonObject target = c.call(null, "Target.createTarget", json("url", "about:blank"));
        JsonObject params = json("targetId", target.get("targetId").getAsString());
        params.addProperty("flatten", true);
        c.session = c.call(null, "Target.attachToTarget", params).get("sessionId").getAsString();
        c.call(c.session, "Page.enable", new JsonObject());
        JsonObject metrics = new JsonObject();
        metrics.addProperty("width", width);
        metrics.addProperty("height", height);
        metrics.addProperty("deviceScaleFactor", 2);
        metrics.addProperty("mobile", true);
        c.call(c.session, "Emulation.setDeviceMetricsOverride", metrics);
        return c;
    }

    private static URI devtoolsUrl(Process p) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        long end = System.nanoTime() + WAIT.toNanos();
        String line;
        while (System.nanoTime() < end && (line = err.readLine()) != null) {
            int at = line.indexOf("ws://");
            if (line.startsWith("DevTools listening on") && at >= 0) {
                Thread.ofVirtual().start(() -> drain(err)); // keep the pipe from filling up
                return URI.create(line.substring(at).strip());
            }
        }
        p.destroyForcibly();
        throw new IOException("chromium did not announce its DevTools endpoint");
    }

    private static void drain(BufferedReader r) {
        try {
            while (r.readLine() != null) {
                // chromium's log lines; nothing to keep
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Loads {@code url} and waits for its load event. */
    void navigate(String url) throws Exception {
        call(session, "Page.navigate", json("url", url));
        awaitEvent("Page.loadEventFired", m -> session.equals(str(m, "sessionId")));
    }

    /** Lets downloads go into {@code dir} under their own names, with progress events. */
    void allowDownloads(Path dir) throws Exception {
        JsonObject p = json("behavior", "allow");
        p.addProperty("downloadPath", dir.toString());
        p.addProperty("eventsEnabled", true);
        call(null, "Browser.setDownloadBehavior", p);
    }

    /** Starts a download by navigating to it and waits until Chromium says it completed; the file's suggested name. */
    String download(String url) throws Exception {
        call(session, "Page.navigate", json("url", url));
        JsonObject begin = awaitEvent("Browser.downloadWillBegin", m -> true);
        String name = begin.getAsJsonObject("params").get("suggestedFilename").getAsString();
        String guid = begin.getAsJsonObject("params").get("guid").getAsString();
        JsonObject done = awaitEvent("Browser.downloadProgress", m -> {
            JsonObject p = m.getAsJsonObject("params");
            return guid.equals(p.get("guid").getAsString()) && !p.get("state").getAsString().equals("inProgress");
        });
        String state = done.getAsJsonObject("params").get("state").getAsString();
        if (!state.equals("completed")) {
            throw new IOException("download of " + url + " ended " + state);
        }
        return name;
    }

    /** Evaluates {@code expression} in the page and returns its value as a string. */
    String eval(String expression) throws Exception {
        JsonObject p = json("expression", expression);
        p.addProperty("returnByValue", true);
        JsonObject r = call(session, "Runtime.evaluate", p).getAsJsonObject("result");
        return r.has("value") ? r.get("value").getAsString() : "";
    }

    /** A PNG of the whole page. */
    byte[] screenshot() throws Exception {
        JsonObject p = json("format", "png");
        p.addProperty("captureBeyondViewport", true);
        return java.util.Base64.getDecoder().decode(call(session, "Page.captureScreenshot", p).get("data").getAsString());
    }

    private JsonObject call(String sessionId, String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject msg = new JsonObject();
        msg.addProperty("id", id);
        msg.addProperty("method", method);
        msg.add("params", params);
        if (sessionId != null) {
            msg.addProperty("sessionId", sessionId);
        }
        socket.sendText(msg.toString(), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonObject reply = await(m -> m.has("id") && m.get("id").getAsInt() == id);
        if (reply.has("error")) {
            throw new IOException(method + ": " + reply.get("error"));
        }
        return reply.getAsJsonObject("result");
    }

    private JsonObject awaitEvent(String method, Predicate<JsonObject> match) throws Exception {
        return await(m -> method.equals(str(m, "method")) && match.test(m));
    }

    /** The first message (kept from earlier, or arriving within the wait) that matches. */
    private JsonObject await(Predicate<JsonObject> match) throws Exception {
        for (int i = 0; i < backlog.size(); i++) {
            if (match.test(backlog.get(i))) {
                return backlog.remove(i);
            }
        }
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonObject m = messages.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new IOException("no answer from chromium within " + WAIT.toSeconds() + " s");
            }
            if (match.test(m)) {
                return m;
            }
            backlog.add(m);
        }
    }

    private static String str(JsonObject m, String key) {
        return m.has(key) ? m.get(key).getAsString() : null;
    }

    private static JsonObject json(String key, String value) {
        JsonObject o = new JsonObject();
        o.addProperty(key, value);
        return o;
    }

    @Override
    public void close() throws Exception {
        try {
            socket.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
