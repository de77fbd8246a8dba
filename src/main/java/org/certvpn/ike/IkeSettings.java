package org.certvpn.ike;

import java.net.InetAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.certvpn.pki.DnPattern;
import org.certvpn.pki.validation.TrustSettings;

/**
 * The IKE engine's own settings. The gateway maps the configuration model onto this record; the engine
 * knows nothing of configuration files. {@link #builder()} starts from the defaults described on each
 * component.
 *
 * @param certificate our certificate and key for RSA signature authentication (sent as the single CERT
 *     payload, with ID_DER_ASN1_DN equal to its exact DER subject)
 * @param trust CAs, intermediates and CRLs that peer certificates are checked against
 * @param preSharedKeys secrets for PSK authentication
 * @param remoteIds DN patterns a peer certificate's subject must match ({@code rightid}); empty admits
 *     every certificate that validates
 * @param algorithms accepted algorithms
 * @param ikeLifetime the longest IKE SA lifetime we keep, whatever the peer proposes
 * @param childLifetime the longest IPsec SA lifetime; longer proposals get RESPONDER-LIFETIME
 * @param childLifetimeKilobytes the largest volume lifetime; 0 for none
 * @param dpd dead peer detection
 * @param fragmentation IKE fragmentation
 * @param forceEncapsulation make the peer believe it is behind NAT, so that ESP goes in UDP/4500
 * @param uniqueIds one IKE SA per identity: the newest replaces older ones (off: they coexist)
 * @param limits resource limits against floods
 * @param aggressiveMode accept Aggressive Mode with PSK (off by default: it exposes a PSK hash)
 * @param localAddress our public address, for NAT-D and NAT-OA when the edge cannot tell which address a
 *     datagram arrived on
 * @param protectedPort the UDP port Quick Mode selectors may name on our side (L2TP: 1701)
 * @param nonceLength bytes of our nonces (RFC 2409: 8 to 256)
 * @param verboseTrace add packet-level lines (payload lists, SPIs, attribute dumps) to the trace
 */
public record IkeSettings(
        Optional<LocalCertificate> certificate,
        TrustSettings trust,
        PreSharedKeys preSharedKeys,
        List<DnPattern> remoteIds,
        AlgorithmPolicy algorithms,
        Duration ikeLifetime,
        Duration childLifetime,
        long childLifetimeKilobytes,
        DpdSettings dpd,
        FragmentationSettings fragmentation,
        boolean forceEncapsulation,
        boolean uniqueIds,
        Limits limits,
        boolean aggressiveMode,
        Optional<InetAddress> localAddress,
        int protectedPort,
        int nonceLength,
        boolean verboseTrace) {

    public IkeSettings {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(preSharedKeys, "preSharedKeys");
        remoteIds = List.copyOf(remoteIds);
        Objects.requireNonNull(algorithms, "algorithms");
        Objects.requireNonNull(ikeLifetime, "ikeLifetime");
        Objects.requireNonNull(childLifetime, "childLifetime");
        Objects.requireNonNull(dpd, "dpd");
        Objects.requireNonNull(fragmentation, "fragmentation");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(localAddress, "localAddress");
        if (nonceLength < 8 || nonceLength > 256) {
            throw new IllegalArgumentException("nonce length must be 8..256 (RFC 2409 §5)");
        }
    }

    /** Our certificate and the key that signs with it. */
    public record LocalCertificate(X509Certificate certificate, PrivateKey privateKey) {
        public LocalCertificate {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    /**
     * Dead peer detection (RFC 3706) for peers that advertise it: after {@code delay} without hearing from
     * the peer, send R-U-THERE every {@code delay}; without an acknowledgement for {@code timeout}, the peer
     * is dead. Defaults: on, 30 s, 120 s.
     */
    public record DpdSettings(boolean enabled, Duration delay, Duration timeout) {
        public static DpdSettings defaults() {
            return new DpdSettings(true, Duration.ofSeconds(30), Duration.ofSeconds(120));
        }
    }

    /**
     * IKE fragmentation (Cisco/Microsoft format). Defaults: on; fragment our messages above 1232 bytes for
     * peers that advertised support; reassemble at most 16 fragments, 64 KiB, within 10 s; at most 256
     * reassemblies in progress.
     */
    public record FragmentationSettings(boolean enabled, int sendThreshold, int maxFragments, int maxMessageSize,
            Duration reassemblyTimeout, int maxReassemblies) {
        public static FragmentationSettings defaults() {
            return new FragmentationSettings(true, 1232, 16, 65535, Duration.ofSeconds(10), 256);
        }
    }

    /**
     * Flood limits. Defaults: 16 half-open IKE SAs per source address, 1024 overall, negotiations abandoned
     * after 45 s (Android retries 10 times 3 s apart).
     */
    public record Limits(int halfOpenPerSource, int halfOpenGlobal, Duration negotiationTimeout) {
        public static Limits defaults() {
            return new Limits(16, 1024, Duration.ofSeconds(45));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.certificate = certificate;
        b.trust = trust;
        b.preSharedKeys = preSharedKeys;
        b.remoteIds = remoteIds;
        b.algorithms = algorithms;
        b.ikeLifetime = ikeLifetime;
        b.childLifetime = childLifetime;
        b.childLifetimeKilobytes = childLifetimeKilobytes;
        b.dpd = dpd;
        b.fragmentation = fragmentation;
        b.forceEncapsulation = forceEncapsulation;
        b.uniqueIds = uniqueIds;
        b.limits = limits;
        b.aggressiveMode = aggressiveMode;
        b.localAddress = localAddress;
        b.protectedPort = protectedPort;
        b.nonceLength = nonceLength;
        b.verboseTrace = verboseTrace;
        return b;
    }

    /** Starts from the defaults: 8 h lifetimes (the seed's ikelifetime/keylife), legacy algorithms on. */
    public static final class Builder {
        private Optional<LocalCertificate> certificate = Optional.empty();
        private TrustSettings trust = TrustSettings.none();
        private PreSharedKeys preSharedKeys = PreSharedKeys.none();
        private List<DnPattern> remoteIds = List.of();
        private AlgorithmPolicy algorithms = AlgorithmPolicy.defaults();
        private Duration ikeLifetime = Duration.ofHours(8);
        private Duration childLifetime = Duration.ofHours(8);
        private long childLifetimeKilobytes;
        private DpdSettings dpd = DpdSettings.defaults();
        private FragmentationSettings fragmentation = FragmentationSettings.defaults();
        private boolean forceEncapsulation;
        private boolean uniqueIds;
        private Limits limits = Limits.defaults();
        private boolean aggressiveMode;
        private Optional<InetAddress> localAddress = Optional.empty();
        private int protectedPort = 1701;
        private int nonceLength = 32;
        private boolean verboseTrace;

        public Builder certificate(X509Certificate cert, PrivateKey key) {
            certificate = Optional.of(new LocalCertificate(cert, key));
            return this;
        }

        public Builder trust(TrustSettings t) {
            trust = t;
            return this;
        }

        public Builder preSharedKeys(PreSharedKeys p) {
            preSharedKeys = p;
            return this;
        }

        public Builder remoteIds(List<DnPattern> ids) {
            remoteIds = ids;
            return this;
        }

        public Builder algorithms(AlgorithmPolicy a) {
            algorithms = a;
            return this;
        }

        public Builder ikeLifetime(Duration d) {
            ikeLifetime = d;
            return this;
        }

        public Builder childLifetime(Duration d) {
            childLifetime = d;
            return this;
        }

        public Builder childLifetimeKilobytes(long kb) {
            childLifetimeKilobytes = kb;
            return this;
        }

        public Builder dpd(DpdSettings d) {
            dpd = d;
            return this;
        }

        public Builder fragmentation(FragmentationSettings f) {
            fragmentation = f;
            return this;
        }

        public Builder forceEncapsulation(boolean b) {
            forceEncapsulation = b;
            return this;
        }

        public Builder uniqueIds(boolean b) {
            uniqueIds = b;
            return this;
        }

        public Builder limits(Limits l) {
            limits = l;
            return this;
        }

        public Builder aggressiveMode(boolean b) {
            aggressiveMode = b;
            return this;
        }

        public Builder localAddress(InetAddress a) {
            localAddress = Optional.ofNullable(a);
            return this;
        }

        public Builder protectedPort(int p) {
            protectedPort = p;
            return this;
        }

        public Builder nonceLength(int n) {
            nonceLength = n;
            return this;
        }

        public Builder verboseTrace(boolean b) {
            verboseTrace = b;
            return this;
        }

        public IkeSettings build() {
            return new IkeSettings(certificate, trust, preSharedKeys, remoteIds, algorithms, ikeLifetime, childLifetime,
                    childLifetimeKilobytes, dpd, fragmentation, forceEncapsulation, uniqueIds, limits, aggressiveMode,
                    localAddress, protectedPort, nonceLength, verboseTrace);
        }
    }
}
