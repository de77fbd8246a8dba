package org.certvpn.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard shipped in packaging/grafana uses exactly the metrics and labels the gateway
 * exposes: a renamed metric or label breaks this test instead of silently emptying a panel.
 */
class DashboardTest {
    private static final Path DASHBOARD = Path.of("packaging/grafana/certvpn-dashboard.json");
    /** Labels Prometheus adds when it scrapes (target labels), so they are not in the exposition. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private static JsonNode dashboard;
    private static PrometheusText exposed;

    @BeforeAll
    static void load() throws Exception {
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        GatewayMetrics metrics = new GatewayMetrics();
        metrics.bindPool(() -> 1, () -> 2);
        exposed = PrometheusText.parse(metrics.scrape());
    }

    private static List<String> expressions() {
        List<String> out = new ArrayList<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            out.add(expr.asText());
        }
        return out;
    }

    private static List<PrometheusText.Sample> samples(String metric) {
        return exposed.named(metric);
    }

    @Test
    void isAnImportableDashboard() {
        assertThat(dashboard.path("title").asText()).isEqualTo("CertVPN gateway");
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("__inputs").get(0).path("pluginId").asText()).isEqualTo("prometheus");
        assertThat(dashboard.path("panels").size()).isGreaterThan(10);
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s unique", panel.path("id")).isTrue();
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
                assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${DS_PROMETHEUS}");
            }
        }
        assertThat(expressions()).hasSizeGreaterThan(15);
    }

    @Test
    void everyExpressionReferencesExposedMetricsAndLabels() {
        for (String expr : expressions()) {
            List<PromQlSelectors.Selector> selectors = PromQlSelectors.selectors(expr);
            assertThat(selectors).as("metrics in %s", expr).isNotEmpty();
            for (PromQlSelectors.Selector s : selectors) {
                assertThat(s.metric()).as("selector without a metric name in %s", expr).isNotEmpty();
                List<PrometheusText.Sample> series = samples(s.metric());
                assertThat(series).as("metric %s (in %s) is exposed", s.metric(), expr).isNotEmpty();
                for (PromQlSelectors.Matcher m : s.matchers()) {
                    if (TARGET_LABELS.contains(m.label())) {
                        continue;
                    }
                    Set<String> values = new TreeSet<>();
                    series.forEach(sample -> {
                        if (sample.labels().containsKey(m.label())) {
                            values.add(sample.labels().get(m.label()));
                        }
                    });
                    assertThat(values).as("label %s of %s (in %s)", m.label(), s.metric(), expr).isNotEmpty();
                    switch (m.op()) {
                        case "=" -> assertThat(values).as("%s=\"%s\" in %s", m.label(), m.value(), expr).contains(m.value());
                        case "=~" -> {
                            for (String alternative : m.value().split("\\|")) {
                                assertThat(values).as("%s=~ alternative \"%s\" in %s", m.label(), alternative, expr)
                                        .anyMatch(v -> Pattern.matches(alternative, v));
                            }
                        }
                        default -> { }
                    }
                }
            }
            assertGroupingLabelsExist(expr, selectors);
        }
    }

    /** {@code sum by (reason) (...)}: the label must exist on the metrics inside, or the legend is empty. */
    private static void assertGroupingLabelsExist(String expr, List<PromQlSelectors.Selector> selectors) {
        var by = Pattern.compile("\\bby\\s*\\(([^)]*)\\)").matcher(expr);
        while (by.find()) {
            for (String label : by.group(1).split(",")) {
                String l = label.strip();
                if (l.isEmpty() || TARGET_LABELS.contains(l)) {
                    continue;
                }
                assertThat(selectors).as("grouping label %s in %s", l, expr)
                        .allMatch(s -> samples(s.metric()).stream().allMatch(x -> x.labels().containsKey(l)));
            }
        }
    }

    @Test
    void instanceVariableComesFromAnExposedMetric() {
        JsonNode variables = dashboard.path("templating").path("list");
        assertThat(variables.size()).isPositive();
        for (JsonNode v : variables) {
            String query = v.path("query").isTextual() ? v.path("query").asText() : v.path("query").path("query").asText();
            Map<String, String> metricToLabel = PromQlSelectors.labelValuesQuery(query);
            metricToLabel.forEach((metric, label) -> {
                assertThat(samples(metric)).as(metric).isNotEmpty();
                assertThat(TARGET_LABELS).contains(label);
            });
        }
    }

    @Test
    void everyGatewayMetricHasAPanel() {
        Set<String> used = new TreeSet<>();
        for (String expr : expressions()) {
            PromQlSelectors.selectors(expr).forEach(s -> used.add(s.metric()));
        }
        Set<String> gatewayMetrics = new TreeSet<>();
        exposed.samples().stream().map(PrometheusText.Sample::name).filter(n -> n.startsWith("certvpn_"))
                .forEach(gatewayMetrics::add);
        assertThat(used).containsAll(gatewayMetrics);
    }

    @Test
    void selectorExtractionUnderstandsTheUsedPromQl() {
        assertThat(PromQlSelectors.selectors(
                "sum by (reason) (rate(certvpn_drops_total{reason=~\"a|b\",instance=~\"$instance\"}[$__rate_interval])) * 8"))
                .containsExactly(new PromQlSelectors.Selector("certvpn_drops_total", List.of(
                        new PromQlSelectors.Matcher("reason", "=~", "a|b"),
                        new PromQlSelectors.Matcher("instance", "=~", "$instance"))));
        assertThat(PromQlSelectors.selectors("sum(a) / on (instance) group_left sum(b_total > 0)"))
                .extracting(PromQlSelectors.Selector::metric).containsExactly("a", "b_total");
        assertThat(PromQlSelectors.selectors("certvpn_x offset 5m")).extracting(PromQlSelectors.Selector::metric)
                .containsExactly("certvpn_x");
    }
}
