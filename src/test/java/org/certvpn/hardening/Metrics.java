package org.certvpn.hardening;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** Reads the gateway's Prometheus counters, to show what it counted (and dropped) during a flood. */
final class Metrics {
    /** Where flood.sh lets the gateway's metrics listen: its outside address, reachable from the flood side. */
    static volatile URI endpoint = URI.create("http://192.0.2.1:9105/metrics");

    private Metrics() {}

    static Map<String, Double> scrape() {
        Map<String, Double> out = new TreeMap<>();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String text = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("certvpn_") && !line.startsWith("certvpn_build_info")) {
                    int space = line.lastIndexOf(' ');
                    out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                }
            }
        } catch (Exception e) {
            out.put("scrape_failed", 1.0);
        }
        return out;
    }

    static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            double d = k.contains("_total") ? v - before.getOrDefault(k, 0.0) : v;
            if (d != 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    /** {@code drops{reason="no_sa"}=100000 ...}, shortened, counters only, plus sessions by state. */
    static String describe(Map<String, Double> delta) {
        StringJoiner j = new StringJoiner(" ");
        delta.forEach((k, v) -> {
            String name = k.replace("certvpn_", "").replace("_total", "").replace("reason=", "").replace("state=", "")
                    .replace("direction=", "").replace("\"", "");
            if (!name.startsWith("bytes") && !name.startsWith("pool")) {
                j.add(name + "=" + (v == Math.rint(v) ? Long.toString(v.longValue()) : v.toString()));
            }
        });
        return j.toString();
    }
}
