/**
 * Operational metrics: a facade the gateway calls ({@link org.certvpn.metrics.GatewayMetrics}) and a
 * Prometheus endpoint on the JDK's HTTP server ({@link org.certvpn.metrics.MetricsServer}).
 *
 * <p>Nothing outside this package sees Micrometer: the data path holds plain {@code LongAdder}-backed
 * handles and Micrometer reads them at scrape time through {@code FunctionCounter}s and gauges. The
 * metric names are listed in docs/METRICS.md and used by packaging/grafana/certvpn-dashboard.json.
 */
package org.certvpn.metrics;
