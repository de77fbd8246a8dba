package org.certvpn.bench;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPublicKeySpec;
import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.DhKeySource;
import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.IkeHash;
import org.certvpn.ike.ChildSaInfo;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeListener;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.v1.Ikev1Engine;
import org.certvpn.ike.v1.Ikev1Initiation;
import org.certvpn.ipsec.ChildSaKeys;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;
import org.certvpn.pki.DnPattern;
import org.certvpn.pki.validation.TrustSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one connection costs the IKEv1 responder: Main Mode with RSA-2048 certificates (client chain
 * validated against the CA) and Quick Mode, beside the bare public-key operations the responder cannot
 * avoid (one DH key pair and agreement, one RSA signature, two RSA verifications: the client's
 * signature and its certificate).
 *
 * <p>How: the initiator's five messages (MM1, MM3, MM5, QM1, QM3) are recorded once against a responder
 * with seeded randomness and a fixed clock. Each operation builds a fresh responder with the same seeds and
 * replays them; it answers byte for byte as before (checked in setup), so the recorded messages stay valid
 * and only the responder's work is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class IkeBenchmark {
    @Param({"MODP_2048", "MODP_1024"})
    public String group;


    private static final InetAddress GATEWAY = address("192.0.2.1");
    private static final InetAddress CLIENT = address("198.51.100.10");
    private static final long SEED = 42;
    private static final long T0 = 1_000_000;

    private BenchPki pki;
    private IkeSettings responderSettings;
    private Clock clock;
    private List<byte[]> initiatorMessages;
    private int installed;
    private KeyPair rsa;
    private byte[] hash;
    private byte[] signature;
    private Signature signer;
    private Signature verifier;
    private DhGroup dhGroup;
    private KeyPairGenerator jceDh;
    private KeyAgreement agreement;
    private java.security.PublicKey peerDhPublic;
    private byte[] peerPublicValue;
    private SplittableRandom random = new SplittableRandom(7);

    @Setup
    public void setUp() throws Exception {
        QuietLogging.apply();
        pki = BenchPki.create();
        dhGroup = DhGroup.valueOf(group);
        clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        TrustSettings trust = TrustSettings.of(List.of(pki.ca), List.of());
        responderSettings = IkeSettings.builder().localAddress(GATEWAY)
                .certificate(pki.server.certificate(), pki.server.key()).trust(trust)
                .remoteIds(List.of(DnPattern.parse("C=JP, O=Example, CN=*"))).build();
        IkeSettings initiatorSettings = IkeSettings.builder()
                .certificate(pki.client.certificate(), pki.client.key()).trust(trust).build();
        Ikev1Initiation initiation = Ikev1Initiation.android(new Endpoint(GATEWAY, 500), CLIENT, Optional.empty())
                .withIkeOffers(List.of(new Ikev1Initiation.IkeOffer(IkeCipher.AES_CBC_128, IkeHash.SHA1, dhGroup)))
                .withEspOffers(List.of(new Ikev1Initiation.EspOffer(EspCipher.AES_CBC_128, EspIntegrity.HMAC_SHA1_96)));

        // Record: the two engines talk until both are quiet.
        List<byte[]> toResponder = new ArrayList<>();
        List<byte[]> responderAnswers = new ArrayList<>();
        List<byte[]> toInitiator = new ArrayList<>();
        Ikev1Engine responder = responder(responderAnswers);
        Ikev1Engine initiator = new Ikev1Engine(initiatorSettings, (port, remote, datagram) -> toResponder.add(datagram),
                new SplittableRandom(SEED + 10), DhKeySource.from(new SplittableRandom(SEED + 11)), clock);
        initiator.initiate(T0, initiation);
        List<byte[]> recorded = new ArrayList<>();
        for (int round = 0; round < 20 && !toResponder.isEmpty(); round++) {
            for (byte[] m : List.copyOf(toResponder)) {
                recorded.add(m);
                responder.receive(T0, GATEWAY, 500, CLIENT, 500, m);
            }
            toResponder.clear();
            toInitiator.addAll(responderAnswers.subList(toInitiator.size(), responderAnswers.size()));
            for (byte[] m : List.copyOf(toInitiator)) {
                initiator.receive(T0, GATEWAY, 500, GATEWAY, 500, m);
            }
            toInitiator.clear();
            responderAnswers.clear();
        }
        initiatorMessages = recorded;
        if (installed != 1) {
            throw new IllegalStateException("the recorded handshake installed " + installed + " child SAs");
        }
        // Replay twice: the responder must answer identically, or the recording would not be valid.
        List<byte[]> first = new ArrayList<>();
        List<byte[]> second = new ArrayList<>();
        replay(first);
        replay(second);
        if (first.size() != second.size() || !equalAll(first, second) || installed != 3) {
            throw new IllegalStateException("the responder does not replay deterministically");
        }

        rsa = new KeyPair(pki.client.certificate().getPublicKey(), pki.client.key());
        hash = MessageDigest.getInstance("SHA-1").digest("bench".getBytes());
        signer = Signature.getInstance("NONEwithRSA");
        verifier = Signature.getInstance("NONEwithRSA");
        signer.initSign(pki.server.key());
        signer.update(hash);
        signature = signer.sign();
        DhGroup.valueOf(group);
        BigInteger p = switch (dhGroup) {
            case MODP_1024 -> org.bouncycastle.crypto.agreement.DHStandardGroups.rfc2409_1024.getP();
            default -> org.bouncycastle.crypto.agreement.DHStandardGroups.rfc3526_2048.getP();
        };
        DHParameterSpec spec = new DHParameterSpec(p, BigInteger.TWO, 256);
        jceDh = KeyPairGenerator.getInstance("DH");
        jceDh.initialize(spec);
        KeyPair peer = jceDh.generateKeyPair();
        peerDhPublic = peer.getPublic();
        agreement = KeyAgreement.getInstance("DH");
        peerPublicValue = DhKeySource.from(new SplittableRandom(3)).generate(dhGroup).publicValue();
    }

    private Ikev1Engine responder(List<byte[]> answers) {
        return new Ikev1Engine(responderSettings, new IkeListener() {
            @Override
            public void send(int localPort, Endpoint remote, byte[] datagram) {
                answers.add(datagram);
            }

            @Override
            public void childSaInstalled(ChildSaInfo child, ChildSaKeys keys) {
                installed++;
            }
        }, new SplittableRandom(SEED), DhKeySource.from(new SplittableRandom(SEED + 1)), clock);
    }

    private void replay(List<byte[]> answers) {
        Ikev1Engine r = responder(answers);
        for (byte[] m : initiatorMessages) {
            r.receive(T0, GATEWAY, 500, CLIENT, 500, m);
        }
    }

    private static boolean equalAll(List<byte[]> a, List<byte[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A whole responder connection: Main Mode (certificates) and Quick Mode, ending with the child SA installed. */
    @Benchmark
    public int responderMainAndQuickMode() {
        int before = installed;
        List<byte[]> answers = new ArrayList<>(8);
        replay(answers);
        if (installed != before + 1) {
            throw new IllegalStateException("no child SA");
        }
        return answers.size();
    }

    /** The project's DH (short exponent, BigInteger) key pair and agreement, as the responder does once. */
    @Benchmark
    public byte[] dhKeyPairAndAgree() throws Exception {
        return DhKeySource.from(random).generate(dhGroup).sharedSecret(peerPublicValue);
    }

    /** JCE DH with a 256-bit exponent: key pair generation. */
    @Benchmark
    public KeyPair jceDhKeyPair() {
        return jceDh.generateKeyPair();
    }

    /** JCE DH: key pair generation and agreement, the bare cost of one responder's DH. */
    @Benchmark
    public byte[] jceDhKeyPairAndAgree() throws Exception {
        KeyPair mine = jceDh.generateKeyPair();
        agreement.init(mine.getPrivate());
        agreement.doPhase(peerDhPublic, true);
        return agreement.generateSecret();
    }

    /** RSA-2048 PKCS#1 v1.5 signature over a SHA-1 hash (IKEv1's SIG payload, no DigestInfo). */
    @Benchmark
    public byte[] rsaSign() throws Exception {
        signer.update(hash);
        return signer.sign();
    }

    /** RSA-2048 verification (the client's SIG; its certificate's signature costs the same). */
    @Benchmark
    public boolean rsaVerify() throws Exception {
        verifier.initVerify(pki.server.certificate().getPublicKey());
        verifier.update(hash);
        return verifier.verify(signature);
    }
}
