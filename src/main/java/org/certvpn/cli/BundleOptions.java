package org.certvpn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.certvpn.onboard.BundleRequest;
import org.certvpn.onboard.Fingerprints;
import org.certvpn.pki.PkiFileException;
import org.certvpn.pki.PkiFiles;
import org.certvpn.pki.ca.CaLayout;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.CertKind;
import org.certvpn.pki.ca.IndexEntry;
import picocli.CommandLine.Option;

/**
 * What a client bundle needs besides the certificate ({@code ca client --bundle}, {@code ca bundle},
 * {@code enroll}), and the code that gathers it from the CA store.
 */
final class BundleOptions {
    @Option(names = "--server", paramLabel = "ADDRESS",
            description = "The server address users type: the gateway's FQDN or an address in its certificate "
                    + "(default: the CN of the newest server certificate).")
    String server;

    @Option(names = "--psk-file", paramLabel = "FILE",
            description = "Windows script and texts use this IPsec pre-shared key (first line of FILE) instead of the certificate.")
    Path pskFile;

    @Option(names = "--server-behind-nat",
            description = "The gateway is reached through a NAT router: the Windows script then sets "
                    + "AssumeUDPEncapsulationContextOnSendRule=2 by default.")
    boolean serverBehindNat;

    private Optional<String> psk;

    /** Reads the PSK file and checks --server now, so that a command refuses bad input before it changes anything. */
    void check() {
        psk();
        if (server != null) {
            checkAddress(server.strip());
        }
    }

    private Optional<String> psk() {
        if (psk == null) {
            psk = pskFile == null ? Optional.empty()
                    : Optional.of(new String(CaOptions.firstLine(pskFile, "pre-shared key file")));
        }
        return psk;
    }

    private static void checkAddress(String address) {
        if (address.isEmpty() || address.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '\\' || c == '\'' || c == '"'
                || c == '<' || c == '>' || c == '&' || c >= 0x7f)) {
            throw new CliException("not a server address: \"" + address + "\"");
        }
    }

    boolean anyGiven() {
        return server != null || pskFile != null || serverBehindNat;
    }

    /**
     * The bundle request for a client certificate whose files the store holds. Warns on {@code warn}
     * when the server address is not a name in the gateway's certificate, because Android and iOS
     * then refuse the gateway.
     */
    BundleRequest request(CaStore ca, IndexEntry entry, String p12Friendly, PrintWriter warn) {
        if (entry.kind() != CertKind.CLIENT) {
            throw new CliException("serial " + entry.serialHex() + " is not a client certificate");
        }
        CaLayout layout = ca.layout();
        Path certFile = layout.clientCertificate(entry.cn(), entry.device());
        Path p12File = layout.clientP12(entry.cn(), entry.device());
        X509Certificate cert;
        byte[] p12;
        try {
            cert = PkiFiles.readCertificate(certFile);
            p12 = Files.readAllBytes(p12File);
        } catch (PkiFileException | IOException e) {
            throw new CliException("cannot read the files of " + describe(entry) + ": " + e.getMessage());
        }
        if (!cert.getSerialNumber().equals(entry.serial())) {
            throw new CliException(certFile + " holds serial " + Fingerprints.serialHex(cert) + ", not " + entry.serialHex()
                    + ": the files belong to a newer certificate of " + describe(entry));
        }
        String address = serverAddress(ca, warn);
        try {
            return new BundleRequest(entry.cn(), entry.device(), cert, p12, p12Friendly, ca.caCertificate(), address, psk(),
                    serverBehindNat);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    private String serverAddress(CaStore ca, PrintWriter warn) {
        Optional<X509Certificate> serverCert = Optional.empty();
        if (Files.exists(ca.layout().serverCertificate())) {
            try {
                serverCert = Optional.of(PkiFiles.readCertificate(ca.layout().serverCertificate()));
            } catch (PkiFileException e) {
                warn.println("warning: cannot read the gateway's certificate: " + e.getMessage());
            }
        }
        String address = server != null ? server.strip()
                : ca.currentServer().map(IndexEntry::cn).orElseThrow(() -> new CliException(
                        "this CA has no server certificate yet: give --server (the address users type) or run certvpn ca server"));
        checkAddress(address);
        serverCert.ifPresent(c -> {
            List<String> names = names(c);
            if (names.stream().noneMatch(n -> n.equalsIgnoreCase(address))) {
                warn.println("warning: " + address + " is not a name in the gateway's certificate (" + String.join(", ", names)
                        + "): Android and iOS check the typed server against it and will refuse the gateway");
            }
        });
        return address;
    }

    /** The CN and the SAN entries of the gateway's certificate: what a client may type. */
    private static List<String> names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        names.add(Fingerprints.commonName(cert).toLowerCase(Locale.ROOT));
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    String v = String.valueOf(san.get(1));
                    if (!names.contains(v)) {
                        names.add(v);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // names stay the CN alone
        }
        return names;
    }

    /** The user's active certificate for {@code device}, the one {@code ca bundle} and {@code enroll} hand out. */
    static IndexEntry activeClient(CaStore ca, String cn, Optional<String> device) {
        Instant now = Instant.now();
        List<IndexEntry> matching = ca.list().stream()
                .filter(e -> e.kind() == CertKind.CLIENT && e.cn().equalsIgnoreCase(cn) && e.isActive(now))
                .filter(e -> e.device().map(d -> d.toLowerCase(Locale.ROOT)).equals(device.map(d -> d.toLowerCase(Locale.ROOT))))
                .toList();
        if (matching.isEmpty()) {
            throw new CliException("no active certificate for " + cn + device.map(d -> " on device " + d).orElse("")
                    + " in this CA (issue one with certvpn ca client)");
        }
        return matching.getLast();
    }

    static String describe(IndexEntry e) {
        return e.cn() + e.device().map(d -> " (device " + d + ")").orElse("");
    }

    /** Lines for the admin about a written bundle. */
    static void printWritten(PrintWriter out, org.certvpn.onboard.ClientBundle bundle,
            org.certvpn.onboard.ClientBundle.Written written) {
        out.println("Bundle for " + bundle.user() + " (server " + bundle.serverAddress() + "):");
        out.println("  folder       " + written.folder());
        out.println("  zip          " + written.zip());
        out.println("  CA SHA-256   " + bundle.caFingerprint());
        out.println("  Hand the .p12 password over apart from the files; no file of the bundle contains it.");
    }
}
