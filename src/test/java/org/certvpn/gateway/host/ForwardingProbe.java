package org.certvpn.gateway.host;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.certvpn.config.AddressRange;

/**
 * A stand-in for {@code certvpn serve --nat}, run by {@link HostForwardingNamespaceTest} inside a
 * network namespace (the sysctl it changes belongs to the namespace of the process that writes it).
 *
 * <p>Arguments: {@code POOL TUN [STATE_FILE]}. Prints {@code ENABLED restore=V} once set up, then
 * undoes everything on a {@code stop} line, at end of input, or on SIGTERM, printing {@code CLOSED}.
 */
public final class ForwardingProbe {
    private ForwardingProbe() {}

    public static void main(String[] args) throws Exception {
        Masquerade m = new Masquerade(Masquerade.DEFAULT_TABLE, List.of(AddressRange.parse(args[0])), args[1]);
        Optional<Path> state = args.length > 2 ? Optional.of(Path.of(args[2])) : Optional.empty();
        HostForwarding f;
        try {
            f = HostForwarding.enable(m, new LocalHost(), state);
        } catch (HostSetupException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(3);
            return;
        }
        Thread hook = new Thread(() -> {
            f.close();
            System.out.println("CLOSED");
            System.out.flush();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("ENABLED restore=" + f.restoresForwardingTo().orElse("-"));
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("stop")) {
            // wait for stop or end of input
        }
        System.exit(0);
    }
}
