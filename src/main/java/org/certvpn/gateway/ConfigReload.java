package org.certvpn.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigProblem;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.control.ControlResponse;

/**
 * The work behind {@code certvpn reload}: reads the configuration again and applies it to a running gateway.
 * A configuration with any error changes nothing: the gateway keeps serving with what it runs, and the answer
 * lists every error (file and line) so that the operator can fix them and reload again.
 */
public final class ConfigReload implements Supplier<ControlResponse> {
    private static final System.Logger LOG = System.getLogger("org.certvpn.serve");

    private final ConfigSources sources;
    private final Gateway gateway;
    private final int shards;

    public ConfigReload(ConfigSources sources, Gateway gateway, int shards) {
        this.sources = sources;
        this.gateway = gateway;
        this.shards = shards;
    }

    @Override
    public ControlResponse get() {
        ConfigResult r = ConfigLoader.load(sources);
        List<String> lines = new ArrayList<>();
        r.warnings().stream().map(ConfigProblem::toString).forEach(lines::add);
        if (r instanceof ConfigResult.Failed f) {
            f.errors().stream().map(ConfigProblem::toString).forEach(lines::add);
            LOG.log(System.Logger.Level.WARNING, "reload refused: " + f.errors().size()
                    + " error(s); the running configuration stays");
            return new ControlResponse(false, lines, "configuration has errors; the running configuration stays");
        }
        GatewayPlan next;
        try {
            next = ConfigMapping.plan(((ConfigResult.Loaded) r).config(), shards);
        } catch (ConfigMapping.UnsupportedConfigException e) {
            LOG.log(System.Logger.Level.WARNING, "reload refused: " + e.getMessage() + "; the running configuration stays");
            return new ControlResponse(false, lines, e.getMessage() + "; the running configuration stays");
        }
        List<String> restart = gateway.reload(next);
        lines.add("reloaded users" + (restart.isEmpty() ? "" : "; restart to apply changed " + String.join(", ", restart)));
        LOG.log(System.Logger.Level.INFO, lines.getLast());
        return ControlResponse.ok(lines);
    }
}
