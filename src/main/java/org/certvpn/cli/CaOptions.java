package org.certvpn.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.certvpn.pki.ca.CaException;
import org.certvpn.pki.ca.KeySpec;
import picocli.CommandLine.Option;

/** Options and helpers shared by the {@code ca} subcommands. */
final class CaOptions {
    static final String PASSPHRASE_VARIABLE = "CERTVPN_CA_PASSPHRASE";

    private CaOptions() {}

    /** {@code --dir DIR}, which every ca subcommand takes. */
    static final class Dir {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The CA directory.")
        Path dir;
    }

    /** {@code --passphrase-file}, then {@value #PASSPHRASE_VARIABLE}, then a prompt on the terminal. */
    static final class Passphrase {
        @Option(names = "--passphrase-file", paramLabel = "FILE",
                description = "Read the CA passphrase from the first line of FILE (else $" + PASSPHRASE_VARIABLE + ", else a prompt).")
        Path file;

        char[] read(boolean confirm) {
            if (file != null) {
                return firstLine(file, "passphrase file");
            }
            String env = System.getenv(PASSPHRASE_VARIABLE);
            if (env != null && !env.isEmpty()) {
                return env.toCharArray();
            }
            Console console = System.console();
            if (console == null || !console.isTerminal()) {
                throw new CliException("no CA passphrase: give --passphrase-file FILE or set " + PASSPHRASE_VARIABLE
                        + " (there is no terminal to ask on)");
            }
            char[] first = console.readPassword("CA passphrase: ");
            if (first == null) {
                throw new CliException("no CA passphrase given");
            }
            if (confirm) {
                char[] again = console.readPassword("Repeat the CA passphrase: ");
                if (again == null || !Arrays.equals(first, again)) {
                    throw new CliException("the two passphrases differ");
                }
            }
            return first;
        }
    }

    /** The first line of a secret file, without its line ending. */
    static char[] firstLine(Path file, String what) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                throw new CliException(what + " " + file + " is empty");
            }
            return line.toCharArray();
        } catch (NoSuchFileException e) {
            throw new CliException("cannot read " + what + " " + file + ": no such file");
        } catch (IOException e) {
            throw new CliException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    static CliException fail(CaException e) {
        return new CliException(e.getMessage());
    }

    /** A subject in certificate order, as openswan configuration and {@code openssl x509 -subject} show it. */
    static String subject(X500Principal principal) {
        X500Name name = X500Name.getInstance(principal.getEncoded());
        return Arrays.stream(name.getRDNs())
                .map(CaOptions::rdn)
                .collect(Collectors.joining(", "));
    }

    private static String rdn(RDN rdn) {
        return Arrays.stream(rdn.getTypesAndValues())
                .map(atv -> BCStyle.INSTANCE.oidToDisplayName(atv.getType()) + "=" + IETFUtils.valueToString(atv.getValue()))
                .collect(Collectors.joining("+"));
    }

    static String join(List<String> parts) {
        return String.join(", ", parts);
    }

    /** A key type from {@code --key}, or the CLI's one-line error. */
    static KeySpec keySpec(String key) {
        try {
            return KeySpec.parse(key);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    /**
     * A client certificate's key type from {@code --key}. An EC key is issued (IKEv2 clients will use it) with a
     * warning: L2TP/IPsec clients authenticate IKEv1 with RSA signatures, which is all the gateway verifies.
     */
    static KeySpec clientKey(String key, java.io.PrintWriter err) {
        KeySpec keySpec = keySpec(key);
        if (!keySpec.isRsa()) {
            err.println("warning: an " + keySpec + " certificate cannot log into L2TP/IPsec (IKEv1 here authenticates "
                    + "with RSA signatures); use an rsa: key for phones and laptops");
            err.flush();
        }
        return keySpec;
    }
}
