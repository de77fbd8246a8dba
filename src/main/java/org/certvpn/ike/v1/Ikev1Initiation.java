package org.certvpn.ike.v1;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.IkeHash;
import org.certvpn.ike.Endpoint;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;

/**
 * What the IKEv1 initiator negotiates (Main Mode, then Quick Mode for L2TP): used by the in-memory exchange
 * tests and the load generator. Certificates come from the engine's settings.
 *
 * @param responder where to send
 * @param localPort our IKE port (500)
 * @param localAddress our address as the responder should see it (ID and NAT-D)
 * @param psk the pre-shared key, or empty for RSA signatures with the settings' certificate
 * @param identifier Android's "IPSec identifier": when set, Aggressive Mode (PSK only) with this identity as
 *     ID_USER_FQDN (contains '.' and '@'), ID_FQDN (contains '.') or ID_KEY_ID
 * @param ikeOffers Phase 1 transforms in preference order
 * @param espOffers ESP transforms; empty to stop after Phase 1
 * @param pfsGroup a Quick Mode DH group for PFS, or empty
 * @param trafficAddress our address in IDci (a private address behind NAT)
 * @param peerPort the responder's protected UDP port in IDcr (1701)
 * @param initialContact send INITIAL-CONTACT in message 5
 * @param forceEncapsulation make the responder believe we are behind NAT, so that ESP goes in UDP
 * @param fragmentation advertise IKE fragmentation
 * @param commitBit set the commit bit in Quick Mode message 1 (the responder then sends CONNECTED)
 */
public record Ikev1Initiation(
        Endpoint responder,
        int localPort,
        InetAddress localAddress,
        Optional<byte[]> psk,
        Optional<String> identifier,
        List<IkeOffer> ikeOffers,
        Duration ikeLifetime,
        List<EspOffer> espOffers,
        Optional<DhGroup> pfsGroup,
        Duration childLifetime,
        InetAddress trafficAddress,
        int peerPort,
        boolean initialContact,
        boolean forceEncapsulation,
        boolean fragmentation,
        boolean commitBit) {

    public Ikev1Initiation {
        Objects.requireNonNull(responder, "responder");
        Objects.requireNonNull(localAddress, "localAddress");
        ikeOffers = List.copyOf(ikeOffers);
        espOffers = List.copyOf(espOffers);
        if (ikeOffers.isEmpty()) {
            throw new IllegalArgumentException("no IKE offers");
        }
        if (identifier.isPresent() && psk.isEmpty()) {
            throw new IllegalArgumentException("Aggressive Mode (an identifier) needs a pre-shared key");
        }
    }

    public record IkeOffer(IkeCipher cipher, IkeHash hash, DhGroup group) {}

    public record EspOffer(EspCipher cipher, EspIntegrity integrity) {}

    /** Android 5+ style defaults: PSK or certificate, AES-256/SHA1/MODP1024 first, ESP AES/SHA1, no PFS. */
    public static Ikev1Initiation android(Endpoint responder, InetAddress localAddress, Optional<byte[]> psk) {
        return new Ikev1Initiation(responder, 500, localAddress, psk, Optional.empty(),
                List.of(new IkeOffer(IkeCipher.AES_CBC_256, IkeHash.SHA2_256, DhGroup.MODP_1024),
                        new IkeOffer(IkeCipher.AES_CBC_256, IkeHash.SHA1, DhGroup.MODP_1024),
                        new IkeOffer(IkeCipher.TRIPLE_DES_CBC, IkeHash.MD5, DhGroup.MODP_1024)),
                Duration.ofHours(8),
                List.of(new EspOffer(EspCipher.AES_CBC_256, EspIntegrity.HMAC_SHA2_256_128),
                        new EspOffer(EspCipher.AES_CBC_128, EspIntegrity.HMAC_SHA1_96),
                        new EspOffer(EspCipher.TRIPLE_DES_CBC, EspIntegrity.HMAC_MD5_96)),
                Optional.empty(), Duration.ofHours(8), localAddress, 1701, true, false, true, false);
    }

    public Ikev1Initiation withIkeOffers(List<IkeOffer> offers) {
        return new Ikev1Initiation(responder, localPort, localAddress, psk, identifier, offers, ikeLifetime, espOffers,
                pfsGroup, childLifetime, trafficAddress, peerPort, initialContact, forceEncapsulation, fragmentation,
                commitBit);
    }

    public Ikev1Initiation withEspOffers(List<EspOffer> offers) {
        return new Ikev1Initiation(responder, localPort, localAddress, psk, identifier, ikeOffers, ikeLifetime, offers,
                pfsGroup, childLifetime, trafficAddress, peerPort, initialContact, forceEncapsulation, fragmentation,
                commitBit);
    }

    public Ikev1Initiation withPfs(DhGroup group) {
        return new Ikev1Initiation(responder, localPort, localAddress, psk, identifier, ikeOffers, ikeLifetime,
                espOffers, Optional.ofNullable(group), childLifetime, trafficAddress, peerPort, initialContact,
                forceEncapsulation, fragmentation, commitBit);
    }

    public Ikev1Initiation withTrafficAddress(InetAddress address) {
        return new Ikev1Initiation(responder, localPort, localAddress, psk, identifier, ikeOffers, ikeLifetime,
                espOffers, pfsGroup, childLifetime, address, peerPort, initialContact, forceEncapsulation, fragmentation,
                commitBit);
    }

    public Ikev1Initiation withInitialContact(boolean on) {
        return new Ikev1Initiation(responder, localPort, localAddress, psk, identifier, ikeOffers, ikeLifetime,
                espOffers, pfsGroup, childLifetime, trafficAddress, peerPort, on, forceEncapsulation, fragmentation,
                commitBit);
    }

    public Ikev1Initiation withForceEncapsulation(boolean on) {
        return new Ikev1Initiation(responder, localPort, localAddress, psk, identifier, ikeOffers, ikeLifetime,
                espOffers, pfsGroup, childLifetime, trafficAddress, peerPort, initialContact, on, fragmentation,
                commitBit);
    }

    public Ikev1Initiation withChildLifetime(Duration d) {
        return new Ikev1Initiation(responder, localPort, localAddress, psk, identifier, ikeOffers, ikeLifetime,
                espOffers, pfsGroup, d, trafficAddress, peerPort, initialContact, forceEncapsulation, fragmentation,
                commitBit);
    }

    /** Aggressive Mode with this identifier, as Android does when "IPSec identifier" is filled in. */
    public Ikev1Initiation withIdentifier(String id) {
        return new Ikev1Initiation(responder, localPort, localAddress, psk, Optional.ofNullable(id), ikeOffers,
                ikeLifetime, espOffers, pfsGroup, childLifetime, trafficAddress, peerPort, initialContact,
                forceEncapsulation, fragmentation, commitBit);
    }

    public Ikev1Initiation withCommitBit(boolean on) {
        return new Ikev1Initiation(responder, localPort, localAddress, psk, identifier, ikeOffers, ikeLifetime,
                espOffers, pfsGroup, childLifetime, trafficAddress, peerPort, initialContact, forceEncapsulation,
                fragmentation, on);
    }
}
