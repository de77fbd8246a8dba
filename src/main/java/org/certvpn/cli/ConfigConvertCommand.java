package org.certvpn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.config.GatewayConfig;
import org.certvpn.config.toml.NativeConfigWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code certvpn config convert}: reads the configuration (usually the classic files) and writes it as
 * one native file. The file holds secrets, so it is created 0600; it is read back and compared before
 * the command reports success.
 */
@Command(name = "convert", description = "Write the configuration as a native TOML file (created 0600: it holds secrets).")
final class ConfigConvertCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ConfigSourceOptions source;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Native file to write.")
    Path out;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ConfigSources from = source.sources();
        GatewayConfig c = ConfigCommand.load(from, spec.commandLine().getErr());
        if (Files.exists(out) && !force) {
            throw new CliException(out + " exists; use --force to replace it");
        }
        String text = NativeConfigWriter.write(c, false, "Converted by 'certvpn config convert'.\n"
                + "Every value is explicit; see certvpn.example.toml for what each key means.");
        Path dir = out.toAbsolutePath().getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".certvpn-convert", ".toml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
        } catch (IOException | UnsupportedOperationException e) {
            throw new CliException("cannot write in " + dir + ": " + e.getMessage());
        }
        try {
            ConfigResult back = ConfigLoader.load(new ConfigSources.Native(tmp));
            if (!(back instanceof ConfigResult.Loaded l) || !l.config().equals(c)) {
                throw new CliException("internal error: the converted file does not read back as the same configuration;"
                        + " nothing written");
            }
            if (force) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CliException(out + " exists; use --force to replace it");
        } catch (IOException e) {
            throw new CliException("cannot write " + out + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temporary file is 0600 and named as ours
            }
        }
        spec.commandLine().getErr().println("wrote " + out);
        return 0;
    }
}
