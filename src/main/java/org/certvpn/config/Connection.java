package org.certvpn.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.certvpn.pki.DnPattern;

/**
 * One L2TP/IPsec connection definition (an openswan {@code conn}): who may connect, how they prove it,
 * and which algorithms and timers apply. Always IKEv1, transport mode, protecting UDP/1701.
 *
 * @param name the conn name, used in traces
 * @param authMethod certificate or pre-shared key
 * @param localAddress the address we accept IKE on ({@code left}); empty for any
 * @param remoteAddress the only client address accepted ({@code right}); empty for {@code %any}
 * @param localId our IKE identity ({@code leftid}); {@code %fromcert} for certificates
 * @param remoteIds identities clients may have ({@code rightid}); DN patterns may hold {@code *}
 * @param credential our certificate and key; present exactly when {@code authMethod} is CERTIFICATE
 * @param trustedCas CA (and intermediate) certificates client certificates are verified against
 * @param requiredCa when present, the client chain must end at a CA with this subject ({@code rightca})
 * @param crls revocation lists checked for client certificates
 * @param preSharedKeys keys for PSK connections, in file order
 * @param ikeProposals acceptable phase 1 transforms, in our order of preference
 * @param espProposals acceptable Quick Mode transforms, in our order of preference
 * @param requirePfs refuse Quick Modes without a KE payload ({@code pfs=yes}); PFS offered by the client
 *     is accepted either way
 * @param ikeLifetime longest IKE SA lifetime we accept ({@code ikelifetime}); a longer proposal is
 *     answered with RESPONDER-LIFETIME
 * @param saLifetime longest IPsec SA lifetime we accept ({@code salifetime}/{@code keylife})
 * @param rekeyMargin how long before expiry a replacement SA is expected ({@code rekeymargin})
 * @param dpd dead peer detection
 * @param natTraversal NAT-T and forced encapsulation
 * @param fragmentation accept and send IKE fragments (Cisco/Microsoft format)
 * @param aggressiveMode accept Aggressive Mode (PSK only); off unless configured
 */
public record Connection(
        String name,
        AuthMethod authMethod,
        Optional<InetAddress> localAddress,
        Optional<InetAddress> remoteAddress,
        PeerId localId,
        List<PeerId> remoteIds,
        Optional<ServerCredential> credential,
        List<CertificateFile> trustedCas,
        Optional<DnPattern> requiredCa,
        List<CrlFile> crls,
        List<PreSharedKey> preSharedKeys,
        List<IkeProposal> ikeProposals,
        List<EspProposal> espProposals,
        boolean requirePfs,
        Duration ikeLifetime,
        Duration saLifetime,
        Duration rekeyMargin,
        Dpd dpd,
        NatTraversal natTraversal,
        boolean fragmentation,
        boolean aggressiveMode) {

    public static final Duration DEFAULT_IKE_LIFETIME = Duration.ofHours(8);
    public static final Duration DEFAULT_SA_LIFETIME = Duration.ofHours(8);
    public static final Duration DEFAULT_REKEY_MARGIN = Duration.ofMinutes(9);

    public Connection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(localId, "localId");
        remoteIds = List.copyOf(remoteIds);
        Objects.requireNonNull(credential, "credential");
        trustedCas = List.copyOf(trustedCas);
        Objects.requireNonNull(requiredCa, "requiredCa");
        crls = List.copyOf(crls);
        preSharedKeys = List.copyOf(preSharedKeys);
        ikeProposals = List.copyOf(ikeProposals);
        espProposals = List.copyOf(espProposals);
        Objects.requireNonNull(ikeLifetime, "ikeLifetime");
        Objects.requireNonNull(saLifetime, "saLifetime");
        Objects.requireNonNull(rekeyMargin, "rekeyMargin");
        Objects.requireNonNull(dpd, "dpd");
        Objects.requireNonNull(natTraversal, "natTraversal");
    }

    /** The IKE proposals in force, without the legacy ones when the "legacy clients" set is off. */
    public List<IkeProposal> effectiveIkeProposals(boolean legacyClients) {
        return legacyClients ? ikeProposals : ikeProposals.stream().filter(p -> !p.legacy()).toList();
    }

    /** The ESP proposals in force, without the legacy ones when the "legacy clients" set is off. */
    public List<EspProposal> effectiveEspProposals(boolean legacyClients) {
        return legacyClients ? espProposals : espProposals.stream().filter(p -> !p.legacy()).toList();
    }
}
