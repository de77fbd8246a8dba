package org.certvpn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.certvpn.config.ConfigSources;
import org.certvpn.config.GatewayConfig;
import org.certvpn.control.ControlServer;
import org.certvpn.gateway.ConfigMapping;
import org.certvpn.gateway.ConfigReload;
import org.certvpn.gateway.Gateway;
import org.certvpn.gateway.GatewayControl;
import org.certvpn.gateway.GatewayPlan;
import org.certvpn.gateway.LinuxGatewayIo;
import org.certvpn.gateway.host.HostForwarding;
import org.certvpn.gateway.host.HostSetupException;
import org.certvpn.gateway.host.LocalHost;
import org.certvpn.gateway.host.Masquerade;
import org.certvpn.metrics.MetricsServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code certvpn serve}: runs the gateway until SIGTERM/SIGINT, then says goodbye to every client. */
@Command(name = "serve", description = "Run the gateway.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    private static final System.Logger LOG = System.getLogger("org.certvpn.serve");

    @Mixin
    ConfigSourceOptions sources;

    @Option(names = "--log-format", paramLabel = "text|json", description = "Log lines as text (default) or JSON.")
    Logging.Format logFormat = Logging.Format.TEXT;

    @Option(names = "--debug", description = "Also log every connection step and packet-level detail.")
    boolean debug;

    @Option(names = "--shards", paramLabel = "N", description = "Control-plane threads (default: the number of cores).")
    int shards = Runtime.getRuntime().availableProcessors();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Without --config/--etc: where the default setup lives, created on first start (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("/var/lib/certvpn");

    @Option(names = "--fqdn", paramLabel = "NAME",
            description = "The server name clients type, for the default setup's certificate (default: this host's name).")
    String fqdn;

    @Option(names = "--ip", paramLabel = "ADDRESS",
            description = "An address clients may type instead, for the default setup's certificate (repeatable; default: this host's addresses).")
    List<String> ips = new ArrayList<>();

    @Option(names = "--nat", description = "Turn on IPv4 forwarding and masquerade the pool (nftables table 'certvpn'); undone on exit.")
    boolean nat;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Logging.configure(logFormat, debug, System.err);
        ConfigSources configSources = sources.sourcesIfGiven().orElseGet(() -> new ConfigSources.Native(
                DefaultSetup.ensure(dataDir, Optional.ofNullable(fqdn), ips, spec.commandLine().getOut()).config()));
        GatewayConfig config = ConfigCommand.load(configSources, err);
        GatewayPlan plan = plan(config);
        Gateway gateway = Gateway.create(plan, new LinuxGatewayIo());
        try {
            gateway.start();
        } catch (IOException e) {
            throw new CliException("cannot start: " + e.getMessage() + needsPrivilegesHint(e));
        }
        Optional<MetricsServer> metrics;
        try {
            metrics = MetricsServer.startIfEnabled(config.metrics(), gateway.metrics());
        } catch (IOException e) {
            gateway.close();
            throw new CliException("cannot open the metrics endpoint: " + e.getMessage());
        }
        Optional<HostForwarding> forwarding = Optional.empty();
        if (nat) {
            try {
                forwarding = Optional.of(HostForwarding.enable(Masquerade.forConfig(config), new LocalHost(),
                        Optional.of(plan.controlSocket().resolveSibling("forwarding.state"))));
            } catch (HostSetupException e) {
                gateway.close();
                metrics.ifPresent(MetricsServer::close);
                throw new CliException("--nat: " + e.getMessage());
            }
        }
        Optional<HostForwarding> forwardingToUndo = forwarding;
        ControlServer control = new ControlServer(plan.controlSocket(),
                new GatewayControl(gateway, new ConfigReload(configSources, gateway, shards)));
        try {
            control.start();
        } catch (IOException e) {
            gateway.close();
            throw new CliException("cannot open the control socket " + plan.controlSocket() + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            // java.util.logging closes its handlers in a shutdown hook of its own: write to stderr directly.
            System.err.println("certvpn serve: stopping, telling every client goodbye");
            control.close();
            gateway.shutdown(Duration.ofSeconds(3));
            metrics.ifPresent(MetricsServer::close);
            forwardingToUndo.ifPresent(HostForwarding::close);
            System.err.println("certvpn serve: stopped");
            stopped.countDown();
        }));
        LOG.log(System.Logger.Level.INFO, "serving " + (plan.ipsec() ? "L2TP/IPsec on UDP " + plan.ikeAddress().getPort()
                + " and " + plan.natTPort() + " of " + gateway.listenAddresses().stream().map(InetAddress::getHostAddress)
                        .sorted().collect(java.util.stream.Collectors.joining(", "))
                + (plan.ikeAddress().getAddress().isAnyLocalAddress() ? " (the wildcard: followed as addresses come and go)" : "")
                : "") + (plan.l2tpCleartext().isPresent() ? " cleartext L2TP on "
                + plan.l2tpCleartext().get() : "") + "; TUN " + plan.tun().name() + "; control socket " + plan.controlSocket()
                + metrics.map(m -> "; metrics http://" + m.address().getHostString() + ":" + m.address().getPort() + "/metrics")
                        .orElse(""));
        stopped.await();
        return 0;
    }

    private GatewayPlan plan(GatewayConfig config) {
        try {
            return ConfigMapping.plan(config, shards);
        } catch (ConfigMapping.UnsupportedConfigException e) {
            throw new CliException(e.getMessage());
        }
    }

    private static String needsPrivilegesHint(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("permission") || m.contains("not permitted") || m.contains("eperm") || m.contains("eacces")
                ? " (run as root, or grant CAP_NET_ADMIN, CAP_NET_RAW and CAP_NET_BIND_SERVICE)" : "";
    }
}
