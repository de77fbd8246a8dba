package org.certvpn.ike.v1;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.common.OncePerInterval;
import org.certvpn.crypto.DhKeySource;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ike.ChildSaInfo;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.Deadlines;
import org.certvpn.ike.IkeCounters;
import org.certvpn.ike.IkeListener;
import org.certvpn.ike.IkeSaInfo;
import org.certvpn.ike.IkeSaTable;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.IkeTrace;
import org.certvpn.ike.PeerAuthenticator;
import org.certvpn.ike.wire.ExchangeType;
import org.certvpn.ike.wire.FragmentPayload;
import org.certvpn.ike.wire.IsakmpHeader;
import org.certvpn.ike.wire.IsakmpMessage;
import org.certvpn.ike.wire.NotifyPayload;
import org.certvpn.ike.wire.NotifyType;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.PayloadType;
import org.certvpn.ike.wire.Payloads;
import org.certvpn.ike.wire.SaPayload;
import org.certvpn.ipsec.ChildSaKeys;

/**
 * The IKEv1 engine, sans-IO: responder (Main Mode, Aggressive Mode with PSK when enabled, Quick Mode,
 * Informational with DELETE, INITIAL-CONTACT and DPD) and an initiator for tests and load generation.
 *
 * <p>Flow: the edge hands every datagram from UDP 500/4500 to {@link #receive} (on 4500 with the non-ESP
 * marker already stripped and 1-byte NAT-T keepalives already dropped). The engine finds the ISAKMP SA by
 * cookie pair (a new Main Mode by the initiator's endpoint and cookie), answers a retransmitted request
 * from its cache, or hands the message to the exchange in progress. Everything the engine wants done comes
 * back through {@link IkeListener}: datagrams to send (the edge adds the marker on 4500), IKE SAs up and
 * down, ESP keys to install and remove, trace lines. Time comes in as {@code nowMillis} from a monotonic
 * clock; {@link #nextDeadline()} says when to call {@link #onTimer}.
 *
 * <p>SAs are keyed by cookies and the peer's outer endpoint, never by identity: a new connection is never
 * blocked by an older one of the same certificate, and two devices behind one NAT coexist. An older SA goes
 * when DPD declares its peer dead, on INITIAL-CONTACT from the same address and port, when the gateway
 * removes it, or (with {@code uniqueIds}) when the same identity connects again.
 *
 * <p>Not thread-safe: one thread (the gateway's IKE thread) drives it.
 */
public final class Ikev1Engine {
    private static final Logger LOG = System.getLogger("org.certvpn.ike");
    static final int INITIATOR_RETRANSMITS = 5;
    static final long INITIATOR_RETRANSMIT_MILLIS = 2000;
    /**
     * Quick Mode message 2 is sent again 1, 3, 7 and 15 s after the first while message 3 is missing; an
     * initiator forgets a finished Quick Mode after some 30 s (we do, see QUICK_MODE_LINGER_MILLIS), so later
     * copies would go unanswered.
     */
    static final long RESPONDER_RETRANSMIT_MILLIS = 1000;
    static final int RESPONDER_RETRANSMITS = 4;
    /** Finished Quick Modes are kept this long to answer a retransmitted message 1. */
    static final long QUICK_MODE_LINGER_MILLIS = 30_000;
    private static final int MAX_QUICK_MODES_PER_SA = 16;
    /**
     * Refusals anyone can provoke with unauthenticated datagrams (a limit reached, a first message refused)
     * are logged once per interval with a count, never once per packet; the counters see every one.
     */
    static final long REFUSAL_LOG_INTERVAL_MILLIS = 10_000;
    /** First messages refused for their content: short, so that debugging a single client still sees each. */
    static final long FIRST_MESSAGE_LOG_INTERVAL_MILLIS = 1_000;

    private final IkeSettings settings;
    private final IkeListener listener;
    private final RandomGenerator random;
    private final DhKeySource dhKeys;
    private final Clock clock;
    private final IkeTrace trace;
    private final IkeCounters counters = new IkeCounters();
    private PeerAuthenticator authenticator;
    private final FragmentReassembler reassembler;

    private long nextSerial = 1;
    private final IkeSaTable<Ikev1Sa> table;
    /**
     * SAs by the peer's outer endpoint, for INITIAL-CONTACT and adopting children: a lookup, not a scan of
     * every SA per Main Mode (which made a run of connects quadratic). An SA is filed under
     * {@link Ikev1Sa#indexedPeer}; only the SA whose message is being processed can lag behind its
     * {@code peer}, and {@link #reindex} catches it up once the message is done.
     */
    private final Map<Endpoint, List<Ikev1Sa>> byPeer = new HashMap<>();
    private final ChildSaTable children;
    private final Deadlines<Ikev1Sa> saTimers = new Deadlines<>();
    private final Deadlines<ChildSa> childTimers = new Deadlines<>();
    private final OncePerInterval halfOpenRefusals = new OncePerInterval(REFUSAL_LOG_INTERVAL_MILLIS);
    private final OncePerInterval fragmentRefusals = new OncePerInterval(REFUSAL_LOG_INTERVAL_MILLIS);
    private final OncePerInterval aggressiveRefusals = new OncePerInterval(REFUSAL_LOG_INTERVAL_MILLIS);
    private final OncePerInterval firstMessageRefusals = new OncePerInterval(FIRST_MESSAGE_LOG_INTERVAL_MILLIS);

    /**
     * @param random nonces, cookies, SPIs, M-IDs (a {@code SecureRandom} in production)
     * @param dhKeys DH key pairs (injectable so that exchanges replay in tests)
     * @param clock wall clock for certificate validity and CRLs only
     */
    public Ikev1Engine(IkeSettings settings, IkeListener listener, RandomGenerator random, DhKeySource dhKeys,
            Clock clock) {
        this(settings, listener, random, dhKeys, clock, null);
    }

    /**
     * An engine that takes its inbound SPIs from {@code spis}, shared with the other engines of a gateway,
     * so that SPIs are unique across all of them.
     */
    public Ikev1Engine(IkeSettings settings, IkeListener listener, RandomGenerator random, DhKeySource dhKeys,
            Clock clock, org.certvpn.ike.SpiAllocator spis) {
        this.children = new ChildSaTable(spis);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.random = Objects.requireNonNull(random, "random");
        this.dhKeys = Objects.requireNonNull(dhKeys, "dhKeys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.trace = new IkeTrace(listener, settings.verboseTrace());
        this.authenticator = new PeerAuthenticator(settings, clock);
        this.reassembler = new FragmentReassembler(settings.fragmentation());
        this.table = new IkeSaTable<>(settings.limits());
    }

    public IkeCounters counters() {
        return counters;
    }

    /** The established IKE SAs. */
    public List<IkeSaInfo> ikeSas() {
        List<IkeSaInfo> out = new ArrayList<>();
        for (Ikev1Sa sa : table.all()) {
            if (sa.state.established()) {
                out.add(sa.info());
            }
        }
        return out;
    }

    /** The installed child SAs. */
    public List<ChildSaInfo> childSas() {
        return children.all().stream().map(c -> c.info).toList();
    }

    /** Half-open IKE SAs (negotiations in progress). */
    public int halfOpenCount() {
        return table.halfOpen();
    }

    public int fragmentReassemblies() {
        return reassembler.inProgress();
    }

    // ---- inputs ----

    /** A datagram for our port {@code localPort}; our address comes from the settings, when known. */
    public void receive(long nowMillis, int localPort, InetAddress remoteAddress, int remotePort, byte[] datagram) {
        receive(nowMillis, settings.localAddress().orElse(null), localPort, remoteAddress, remotePort, datagram);
    }

    /**
     * A datagram for {@code localAddress:localPort} (the edge passes the destination address when it listens
     * on a wildcard address, so that NAT-D and IDs name the address the peer reached).
     */
    public void receive(long nowMillis, InetAddress localAddress, int localPort, InetAddress remoteAddress,
            int remotePort, byte[] datagram) {
        counters.received();
        Endpoint from = new Endpoint(remoteAddress, remotePort);
        try {
            dispatch(nowMillis, localAddress, localPort, from, datagram, 0);
        } catch (MalformedPacketException e) {
            counters.drop(DropReason.MALFORMED);
            trace.detail("from " + from, "malformed datagram dropped: " + e.getMessage());
        } catch (RuntimeException e) {
            counters.drop(DropReason.INTERNAL_ERROR);
            LOG.log(Level.ERROR, "internal error on a datagram from " + from, e);
        }
    }

    private void dispatch(long now, InetAddress localAddress, int localPort, Endpoint from, byte[] datagram, int depth)
            throws MalformedPacketException {
        if (datagram.length < IsakmpHeader.LENGTH) {
            counters.drop(DropReason.TOO_SHORT);
            return;
        }
        IsakmpHeader h = IsakmpHeader.decode(datagram);
        if (trace.verbose()) {
            trace.detail("from " + from, "<- " + datagram.length + " bytes on port " + localPort + ": " + h);
        }
        if (h.majorVersion() != 1) {
            counters.drop(DropReason.UNSUPPORTED_VERSION);
            trace.detail("from " + from, "IKE version " + h.majorVersion() + " not supported, dropped");
            return;
        }
        if (h.length() < datagram.length) {
            datagram = Arrays.copyOf(datagram, h.length());
        }
        if (h.nextPayload().equals(PayloadType.FRAGMENT) && !h.encrypted()) {
            if (depth > 0) {
                counters.drop(DropReason.MALFORMED);
                return;
            }
            receiveFragment(now, localAddress, localPort, from, h, datagram);
            return;
        }
        if (h.responderCookie() == 0) {
            receiveWithoutResponderCookie(now, localAddress, localPort, from, h, datagram);
            return;
        }
        Ikev1Sa sa = table.get(h.initiatorCookie(), h.responderCookie());
        if (sa == null) {
            Ikev1Sa pending = table.byInitiator(from, h.initiatorCookie());
            if (pending != null && pending.initiator && pending.ckyR == 0) {
                bindResponderCookie(pending, h.responderCookie());
                sa = pending;
            }
        }
        if (sa == null) {
            counters.drop(DropReason.UNKNOWN_SA);
            trace.detail("from " + from, "no IKE SA for cookies " + cookies(h) + ", dropped");
            return;
        }
        process(now, sa, localAddress, localPort, from, h, datagram);
    }

    private void receiveWithoutResponderCookie(long now, InetAddress localAddress, int localPort, Endpoint from,
            IsakmpHeader h, byte[] datagram) throws MalformedPacketException {
        boolean phase1 = h.exchangeType().equals(ExchangeType.IDENTITY_PROTECTION)
                || h.exchangeType().equals(ExchangeType.AGGRESSIVE);
        Ikev1Sa existing = table.byInitiator(from, h.initiatorCookie());
        if (existing != null) {
            if (existing.initiator) {
                // A responder's unencrypted notify about our first message (e.g. NO-PROPOSAL-CHOSEN).
                process(now, existing, localAddress, localPort, from, h, datagram);
            } else if (Arrays.equals(datagram, existing.firstRequest)) {
                counters.retransmitAnswered();
                trace.detail(existing.label(), "retransmitted first message answered from cache");
                transmit(existing, existing.firstResponse);
            } else {
                counters.drop(DropReason.UNEXPECTED_MESSAGE);
            }
            return;
        }
        if (!phase1 || h.messageId() != 0 || h.encrypted()) {
            counters.drop(DropReason.UNKNOWN_SA);
            return;
        }
        if (h.exchangeType().equals(ExchangeType.AGGRESSIVE) && !settings.aggressiveMode()) {
            counters.drop(DropReason.AGGRESSIVE_MODE_DISABLED);
            long silenced = aggressiveRefusals.check(now);
            if (silenced != OncePerInterval.SILENT) {
                trace.failure("from " + from, "Aggressive Mode refused: it is disabled (enable it only for PSK clients "
                        + "that need it)" + aggressiveRefusals.suffix(silenced));
            }
            return;
        }
        if (!table.admitsHalfOpen(from.address())) {
            counters.drop(DropReason.HALF_OPEN_LIMIT);
            long silenced = halfOpenRefusals.check(now);
            if (silenced != OncePerInterval.SILENT) {
                trace.failure("from " + from, "half-open limit reached (" + table.halfOpenFrom(from.address())
                        + " negotiating from this address, limit " + settings.limits().halfOpenPerSource() + "; "
                        + table.halfOpen() + " in all, limit " + settings.limits().halfOpenGlobal()
                        + "), first message dropped" + halfOpenRefusals.suffix(silenced));
            }
            return;
        }
        IsakmpMessage first = IsakmpMessage.decode(datagram);
        long ckyR;
        do {
            ckyR = random.nextLong();
        } while (ckyR == 0 || table.contains(h.initiatorCookie(), ckyR));
        boolean aggressive = h.exchangeType().equals(ExchangeType.AGGRESSIVE);
        Ikev1Sa sa = new Ikev1Sa(nextSerial++, false, h.initiatorCookie(), ckyR, from, localPort, localAddress, now,
                aggressive ? Ikev1SaState.AM_R2_SENT : Ikev1SaState.MM_R2_SENT);
        sa.negotiationDeadline = now + settings.limits().negotiationTimeout().toMillis();
        sa.firstRequest = datagram;
        sa.phase1Exchange = h.exchangeType();
        register(sa);
        try {
            if (aggressive) {
                AggressiveModeResponder task = new AggressiveModeResponder(this, sa);
                sa.phase1Task = task;
                task.start(now, first);
            } else {
                MainModeResponder task = new MainModeResponder(this, sa);
                sa.phase1Task = task;
                task.start(now, first);
            }
        } catch (ExchangeFailure f) {
            fail(now, sa, f, firstMessageRefusals);
        }
        schedule(sa);
    }

    private void process(long now, Ikev1Sa sa, InetAddress localAddress, int localPort, Endpoint from, IsakmpHeader h,
            byte[] datagram) throws MalformedPacketException {
        if (!from.equals(sa.peer) && !h.encrypted()) {
            counters.drop(DropReason.UNEXPECTED_MESSAGE);
            trace.detail(sa.label(), "cleartext message from " + from + " ignored: the SA's peer is " + sa.peer);
            return;
        }
        // Answers go where the request came from; the SA moves there for good only once the message proved
        // itself (decrypted and verified), so a spoofed or replayed datagram cannot divert it.
        Endpoint oldPeer = sa.peer;
        int oldPort = sa.localPort;
        InetAddress oldLocal = sa.localAddress;
        sa.peer = from;
        sa.localPort = localPort;
        if (localAddress != null) {
            sa.localAddress = localAddress;
        }
        boolean verified = false;
        try {
            verified = handle(now, sa, h, datagram);
            if (verified) {
                heard(sa, now);
            }
        } catch (ExchangeFailure f) {
            fail(now, sa, f);
        } finally {
            if (!verified) {
                sa.peer = oldPeer;
                sa.localPort = oldPort;
                sa.localAddress = oldLocal;
            } else if (!oldPeer.equals(from) || oldPort != localPort) {
                // The NAT-T float (same peer address, our port 500 -> 4500; a NAT maps the client's new source
                // port to another one of its own) is part of every NAT-T connect: traced, logged at DEBUG. A peer
                // that changed address, or port on 4500 (a NAT rebinding), is worth a log line.
                String moved = "peer moved from " + oldPeer + " (our port " + oldPort + ") to " + from
                        + " (our port " + localPort + ")";
                if (oldPeer.address().equals(from.address()) && oldPort != localPort) {
                    trace.progress(sa.label(), moved);
                } else {
                    trace.step(sa.label(), moved);
                }
                table.forgetInitiator(oldPeer, sa.ckyI);
            }
        }
        reindex(sa);
        schedule(sa);
    }

    /** Runs the message through its exchange; true when it was new and verified (not a retransmission). */
    private boolean handle(long now, Ikev1Sa sa, IsakmpHeader h, byte[] datagram)
            throws ExchangeFailure, MalformedPacketException {
        ExchangeType x = h.exchangeType();
        if (x.equals(ExchangeType.IDENTITY_PROTECTION) || x.equals(ExchangeType.AGGRESSIVE)) {
            if (h.messageId() != 0) {
                throw ExchangeFailure.drop(DropReason.MALFORMED, "Phase 1 message with M-ID " + h.messageId());
            }
            if (sa.lastRequest != null && Arrays.equals(datagram, sa.lastRequest)) {
                counters.retransmitAnswered();
                trace.detail(sa.label(), "retransmitted " + x + " message answered from cache");
                transmit(sa, sa.lastResponse);
                return false;
            }
            if (sa.phase1Task == null) {
                throw ExchangeFailure.drop(DropReason.UNEXPECTED_MESSAGE, x + " message after Phase 1 completed");
            }
            sa.phase1Task.process(now, h, datagram);
            // Only a message that was processed is a request whose copies get the cached answer: anything
            // else (our own answer coming back, a crafted copy) must not make us repeat ourselves.
            sa.lastRequest = datagram;
            return true;
        }
        if (x.equals(ExchangeType.QUICK_MODE)) {
            return receiveQuickMode(now, sa, h, datagram);
        }
        if (x.equals(ExchangeType.INFORMATIONAL)) {
            Informational.receive(this, sa, now, h, datagram);
            return h.encrypted();
        }
        throw ExchangeFailure.drop(DropReason.UNEXPECTED_MESSAGE, "exchange type " + x + " not supported");
    }

    private boolean receiveQuickMode(long now, Ikev1Sa sa, IsakmpHeader h, byte[] datagram)
            throws ExchangeFailure, MalformedPacketException {
        if (!sa.state.established()) {
            throw ExchangeFailure.drop(DropReason.UNEXPECTED_MESSAGE, "Quick Mode before Phase 1 completed");
        }
        if (!h.encrypted() || h.messageId() == 0) {
            throw ExchangeFailure.drop(DropReason.MALFORMED, "Quick Mode message unencrypted or with M-ID 0");
        }
        QuickModeExchange qm = sa.quickModes.get(h.messageId());
        if (qm != null && qm.lastRequest != null && Arrays.equals(datagram, qm.lastRequest)) {
            counters.retransmitAnswered();
            trace.detail(sa.label(), String.format("retransmitted Quick Mode %08x answered from cache", h.messageId()));
            transmit(sa, qm.lastResponse);
            return false;
        }
        boolean fresh = qm == null;
        if (fresh) {
            if (sa.quickModes.size() >= MAX_QUICK_MODES_PER_SA) {
                throw ExchangeFailure.drop(DropReason.POLICY, "too many Quick Modes in progress");
            }
            qm = new QuickModeResponder(this, sa, h.messageId(), now);
        }
        if (qm.finished) {
            throw ExchangeFailure.drop(DropReason.UNEXPECTED_MESSAGE,
                    String.format("message for finished Quick Mode %08x", h.messageId()));
        }
        try {
            qm.process(now, h, datagram);
        } catch (ExchangeFailure | MalformedPacketException e) {
            // A first message that fails leaves nothing behind; a later one ends the exchange only when fatal.
            if (fresh || (e instanceof ExchangeFailure f && f.fatal())) {
                abandon(sa, qm);
            }
            throw e;
        }
        qm.lastRequest = datagram;
        if (fresh) {
            sa.quickModes.put(h.messageId(), qm);
        }
        return true;
    }

    /** Forgets an unfinished Quick Mode and releases the SPI it reserved. */
    void abandon(Ikev1Sa sa, QuickModeExchange qm) {
        sa.quickModes.remove(qm.messageId);
        sa.phase2Ivs.remove(qm.messageId);
        if (!qm.finished && qm.reservedSpi != 0) {
            children.release(qm.reservedSpi);
        }
    }

    private void receiveFragment(long now, InetAddress localAddress, int localPort, Endpoint from, IsakmpHeader h,
            byte[] datagram) throws MalformedPacketException {
        IsakmpMessage m = IsakmpMessage.decode(datagram);
        if (m.payloads().size() != 1 || !(m.payloads().get(0) instanceof FragmentPayload frag)) {
            counters.drop(DropReason.MALFORMED);
            return;
        }
        Ikev1Sa sa = table.get(h.initiatorCookie(), h.responderCookie());
        if (sa == null || !settings.fragmentation().enabled()) {
            counters.drop(sa == null ? DropReason.UNKNOWN_SA : DropReason.POLICY);
            return;
        }
        FragmentReassembler.Result r = reassembler.add(now, from, h.initiatorCookie(), h.responderCookie(), frag);
        switch (r.status()) {
            case INCOMPLETE -> trace.detail(sa.label(), "fragment " + frag.number() + (frag.last() ? " (last)" : "")
                    + " of message " + frag.fragmentId() + " received");
            case REJECTED -> {
                counters.drop(DropReason.FRAGMENT_LIMIT);
                long silenced = fragmentRefusals.check(now);
                if (silenced != OncePerInterval.SILENT) {
                    trace.failure(sa.label(), "fragment dropped: " + r.reason() + fragmentRefusals.suffix(silenced));
                }
            }
            case COMPLETE -> {
                byte[] whole = r.message();
                trace.detail(sa.label(), "reassembled " + r.fragments() + " fragments into a " + whole.length
                        + "-byte message");
                IsakmpHeader inner = IsakmpHeader.decode(whole);
                if (inner.initiatorCookie() != h.initiatorCookie() || inner.responderCookie() != h.responderCookie()) {
                    counters.drop(DropReason.MALFORMED);
                    return;
                }
                dispatch(now, localAddress, localPort, from, whole, 1);
            }
        }
    }

    /**
     * Timer work due at {@code nowMillis}: negotiation timeouts, lifetimes, DPD probes and verdicts,
     * retransmissions of our requests, fragment reassembly timeouts.
     */
    public void onTimer(long nowMillis) {
        reassembler.expire(nowMillis);
        ChildSa child;
        while ((child = childTimers.pollDue(nowMillis)) != null) {
            if (children.isInstalled(child)) {
                expireChild(nowMillis, child);
            }
        }
        Ikev1Sa sa;
        while ((sa = saTimers.pollDue(nowMillis)) != null) {
            try {
                saTimer(nowMillis, sa);
            } catch (RuntimeException e) {
                counters.drop(DropReason.INTERNAL_ERROR);
                LOG.log(Level.ERROR, "internal error in timer of " + sa.label(), e);
            }
            // Work an SA's timer left undone waits for the next millisecond, never spins this loop.
            schedule(sa, nowMillis + 1);
        }
    }

    /** When {@link #onTimer} must next be called; {@code Long.MAX_VALUE} when nothing is pending. */
    public long nextDeadline() {
        return Math.min(Math.min(saTimers.next(), childTimers.next()), reassembler.nextDeadline());
    }

    private void saTimer(long now, Ikev1Sa sa) {
        if (sa.state == Ikev1SaState.DELETED) {
            return;
        }
        if (sa.state.halfOpen() && now >= sa.negotiationDeadline) {
            trace.failure(sa.label(), "negotiation timed out in state " + sa.state + " after "
                    + (now - sa.createdAt) / 1000 + " s");
            listener.negotiationTimedOut(sa.peer, "negotiation timed out in state " + sa.state);
            delete(now, sa, "negotiation timed out", false, ChildFate.REMOVE);
            return;
        }
        if (sa.state.established() && now >= sa.expiresAt) {
            trace.step(sa.label(), "IKE SA lifetime expired");
            delete(now, sa, "lifetime expired", true, ChildFate.ADOPT);
            return;
        }
        if (sa.dpdOutstanding != 0 && now >= sa.dpdGiveUpAt) {
            trace.failure(sa.label(), "peer dead: no answer to R-U-THERE for "
                    + settings.dpd().timeout().toSeconds() + " s");
            delete(now, sa, "dead peer (DPD)", false, ChildFate.REMOVE);
            return;
        }
        if (now >= sa.dpdProbeAt) {
            long esp = sa.dpdOutstanding == 0 ? espHeardAt(sa) : Long.MIN_VALUE;
            if (esp > sa.lastHeard) {
                heard(sa, Math.min(now, esp));
            }
            if (now >= sa.dpdProbeAt) {
                Informational.sendDpdProbe(this, sa, now);
            }
        }
        if (now >= sa.retransmitAt) {
            if (sa.retransmits >= INITIATOR_RETRANSMITS) {
                trace.failure(sa.label(), "no answer after " + sa.retransmits + " retransmissions in state " + sa.state);
                delete(now, sa, "peer does not answer", false, ChildFate.REMOVE);
                return;
            }
            sa.retransmits++;
            sa.retransmitAt = now + (INITIATOR_RETRANSMIT_MILLIS << sa.retransmits);
            trace.detail(sa.label(), "retransmitting (" + sa.retransmits + ")");
            transmit(sa, sa.retransmitMessage);
        }
        for (QuickModeExchange q : List.copyOf(sa.quickModes.values())) {
            if (q.finished && now - q.finishedAt >= QUICK_MODE_LINGER_MILLIS) {
                sa.quickModes.remove(q.messageId);
            } else if (!q.finished && now >= q.startedAt + settings.limits().negotiationTimeout().toMillis()) {
                trace.failure(sa.label(), String.format("Quick Mode %08x timed out", q.messageId));
                abandon(sa, q);
            } else if (!q.finished && now >= q.responseRetransmitAt) {
                if (q.responseRetransmits >= RESPONDER_RETRANSMITS) {
                    q.responseRetransmitAt = Long.MAX_VALUE; // the negotiation timeout ends it
                } else {
                    q.responseRetransmits++;
                    q.responseRetransmitAt = now + (RESPONDER_RETRANSMIT_MILLIS << q.responseRetransmits);
                    trace.step(sa.label(), String.format("Quick Mode %08x: no message 3 yet, message 2 sent again (%d)",
                            q.messageId, q.responseRetransmits));
                    transmit(sa, q.lastResponse);
                }
            }
        }
    }

    // ---- gateway requests ----

    /**
     * Starts Main Mode (and then Quick Mode) as initiator.
     *
     * @return the serial of the new IKE SA
     */
    public long initiate(long nowMillis, Ikev1Initiation initiation) {
        long ckyI;
        do {
            ckyI = random.nextLong();
        } while (ckyI == 0);
        boolean aggressive = initiation.identifier().isPresent();
        Ikev1Sa sa = new Ikev1Sa(nextSerial++, true, ckyI, 0, initiation.responder(), initiation.localPort(),
                initiation.localAddress(), nowMillis, aggressive ? Ikev1SaState.AM_I1_SENT : Ikev1SaState.MM_I1_SENT);
        sa.initiation = initiation;
        sa.negotiationDeadline = nowMillis + settings.limits().negotiationTimeout().toMillis();
        register(sa);
        if (aggressive) {
            sa.phase1Exchange = ExchangeType.AGGRESSIVE;
            AggressiveModeInitiator task = new AggressiveModeInitiator(this, sa);
            sa.phase1Task = task;
            task.start(nowMillis);
        } else {
            MainModeInitiator task = new MainModeInitiator(this, sa);
            sa.phase1Task = task;
            task.start(nowMillis);
        }
        reindex(sa);
        schedule(sa);
        return sa.serial;
    }

    /** Starts another Quick Mode on an established SA we initiated (a client-side rekey). */
    public void startQuickMode(long nowMillis, long ikeSaSerial) {
        Ikev1Sa sa = table.bySerial(ikeSaSerial);
        if (sa == null || !sa.state.established() || sa.initiation == null) {
            throw new IllegalStateException("no established initiator IKE SA #" + ikeSaSerial);
        }
        QuickModeInitiator.start(this, sa, nowMillis);
        schedule(sa);
    }

    /** Deletes an IKE SA and its child SAs, telling the peer (the gateway decided the session is over). */
    public void deleteIkeSa(long nowMillis, long ikeSaSerial, String reason) {
        Ikev1Sa sa = table.bySerial(ikeSaSerial);
        if (sa != null) {
            delete(nowMillis, sa, reason, true, ChildFate.REMOVE);
        }
    }

    /** The IKE SA with this serial, or null (for tests of this package). */
    Ikev1Sa ikeSa(long serial) {
        return table.bySerial(serial);
    }

    /** Deletes one child SA by our inbound SPI, telling the peer when an IKE SA to do so is left. */
    public void deleteChildSa(long nowMillis, int inboundSpi, String reason) {
        ChildSa c = children.get(inboundSpi);
        if (c != null) {
            removeChild(nowMillis, c, reason, true);
        }
    }

    /** When ESP last arrived on any child SA of {@code sa}, as the caller's data path knows it. */
    private long espHeardAt(Ikev1Sa sa) {
        long latest = Long.MIN_VALUE;
        for (ChildSa c : childrenOf(sa)) {
            latest = Math.max(latest, listener.espReceivedAt(c.info.inboundSpi()));
        }
        return latest;
    }

    // ---- services for the exchanges ----

    IkeSettings settings() {
        return settings;
    }

    IkeTrace trace() {
        return trace;
    }

    IkeCounters countersInternal() {
        return counters;
    }

    /**
     * Applies new peer-authentication material to new negotiations: trusted CAs, CRLs, PSKs and remote ID
     * patterns (a reload after a revocation). SAs already up are not re-checked here.
     */
    public void updatePeerAuthentication(IkeSettings next) {
        this.authenticator = new PeerAuthenticator(settings.toBuilder().trust(next.trust())
                .preSharedKeys(next.preSharedKeys()).remoteIds(next.remoteIds()).build(), clock);
    }

    IkeListener listener() {
        return listener;
    }

    PeerAuthenticator authenticator() {
        return authenticator;
    }

    DhKeySource dhKeys() {
        return dhKeys;
    }

    Clock clock() {
        return clock;
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    int randomMessageId(Ikev1Sa sa) {
        int mid;
        do {
            mid = random.nextInt();
        } while (mid == 0 || sa.quickModes.containsKey(mid) || sa.phase2Ivs.containsKey(mid));
        return mid;
    }

    /** A fresh inbound SPI: random, unique, reserved until installed or released. */
    int allocateSpi() {
        return children.reserve(random);
    }

    /** Traces an inbound message's payloads (verbose level) and checks them against the rule table. */
    String inbound(Ikev1Sa sa, PayloadRules.Message message, Payloads payloads) {
        trace.detail(sa.label(), "<- " + message + ": " + payloads);
        return PayloadRules.check(message, payloads);
    }

    void transition(Ikev1Sa sa, Ikev1SaState to, String why) {
        Ikev1SaState from = sa.state;
        sa.state = to;
        trace.detail(sa.label(), from + " -> " + to + ": " + why);
        if (from.halfOpen() && !to.halfOpen() && !sa.initiator) {
            releaseHalfOpen(sa);
        }
    }

    /** Sends {@code message} as our answer to the request just processed and keeps it for retransmissions. */
    void reply(Ikev1Sa sa, byte[] message) {
        List<byte[]> datagrams = sa.datagrams(message, settings.fragmentation().sendThreshold(),
                settings.fragmentation().enabled());
        sa.lastResponse = datagrams;
        if (sa.firstResponse.isEmpty() && !sa.initiator) {
            sa.firstResponse = datagrams;
        }
        transmit(sa, datagrams);
    }

    /** Sends a request of ours and arms its retransmission. */
    void request(Ikev1Sa sa, long now, byte[] message) {
        List<byte[]> datagrams = sa.datagrams(message, settings.fragmentation().sendThreshold(),
                settings.fragmentation().enabled());
        sa.retransmitMessage = datagrams;
        sa.retransmits = 0;
        sa.retransmitAt = now + INITIATOR_RETRANSMIT_MILLIS;
        transmit(sa, datagrams);
    }

    List<byte[]> send(Ikev1Sa sa, byte[] message) {
        List<byte[]> datagrams = sa.datagrams(message, settings.fragmentation().sendThreshold(),
                settings.fragmentation().enabled());
        transmit(sa, datagrams);
        return datagrams;
    }

    void transmit(Ikev1Sa sa, List<byte[]> datagrams) {
        for (byte[] d : datagrams) {
            if (trace.verbose()) {
                trace.detail(sa.label(), "-> " + d.length + " bytes to " + sa.peer + " from " + sa.local()
                        + describeHeader(d));
            }
            listener.send(sa.local(), sa.peer, d);
        }
    }

    private static String describeHeader(byte[] datagram) {
        try {
            IsakmpHeader h = IsakmpHeader.decode(datagram);
            return ": " + h.exchangeType() + String.format(" mid %08x", h.messageId()) + (h.encrypted() ? " encrypted" : "")
                    + (h.nextPayload().equals(PayloadType.FRAGMENT) ? " fragment" : "");
        } catch (MalformedPacketException e) {
            return "";
        }
    }

    /** An unencrypted notification outside any SA state (errors during Phase 1). */
    void sendPlainNotify(Ikev1Sa sa, NotifyType type) {
        NotifyPayload n = new NotifyPayload(SaPayload.DOI_IPSEC, SaPayload.Proposal.PROTO_ISAKMP,
                Octets.of(Informational.cookies(sa)), type, Octets.empty());
        listener.send(sa.local(), sa.peer, sa.plain(ExchangeType.INFORMATIONAL, 0, List.of(n)));
    }

    /** Phase 1 completed on {@code sa}: report it and apply INITIAL-CONTACT and uniqueids. */
    void established(long now, Ikev1Sa sa, boolean initialContact) {
        sa.phase1Task = null;
        sa.retransmitAt = Long.MAX_VALUE;
        sa.negotiationDeadline = Long.MAX_VALUE;
        long lifetime = settings.ikeLifetime().toSeconds();
        if (sa.proposal.lifetimeSeconds() > 0) {
            lifetime = Math.min(lifetime, sa.proposal.lifetimeSeconds());
        }
        sa.expiresAt = now + lifetime * 1000;
        sa.lastHeard = now;
        if (sa.peerDpd && settings.dpd().enabled()) {
            sa.dpdProbeAt = now + settings.dpd().delay().toMillis();
        }
        transition(sa, Ikev1SaState.ESTABLISHED, "Phase 1 complete");
        trace.step(sa.label(), "IKE SA established: " + sa.proposal.describe() + ", peer " + sa.authenticatedAs
                + String.format(", cookies %016x:%016x", sa.ckyI, sa.ckyR) + ", lifetime " + lifetime + " s"
                + (sa.natTraversalActive() ? ", NAT-T " + sa.natt + natSides(sa) : ""));
        listener.ikeSaUp(sa.info());
        if (initialContact) {
            initialContact(now, sa);
        }
        if (settings.uniqueIds() && sa.identity != null) {
            for (Ikev1Sa other : table.all()) {
                if (other != sa && other.state.established() && sameIdentity(sa.identity, other.identity)) {
                    trace.step(other.label(), "replaced by " + sa.label() + ": uniqueids, same identity "
                            + sa.identity.ikeId());
                    delete(now, other, "replaced by a newer connection of " + sa.identity.ikeId(), true,
                            ChildFate.REMOVE);
                }
            }
        }
    }

    private static String natSides(Ikev1Sa sa) {
        if (sa.peerBehindNat && sa.localBehindNat) {
            return " (both behind NAT)";
        }
        return sa.peerBehindNat ? " (peer behind NAT)" : sa.localBehindNat ? " (we are behind NAT)" : " (forced)";
    }

    /**
     * INITIAL-CONTACT on {@code sa}: the device at that address and port restarted, so every other SA with
     * that outer endpoint is stale. SAs of the same identity elsewhere (another device behind the same NAT
     * has another port) are left alone.
     */
    void initialContact(long now, Ikev1Sa sa) {
        for (Ikev1Sa other : atPeer(sa.peer)) {
            if (other != sa && other.peer.equals(sa.peer)) {
                trace.step(other.label(), "replaced by " + sa.label() + ": INITIAL-CONTACT from the same endpoint");
                delete(now, other, "INITIAL-CONTACT from " + sa.peer, false, ChildFate.REMOVE);
            }
        }
    }

    /** The peer deleted the ISAKMP SA with these cookies: this one, or an older one of the same peer. */
    void peerDeletedIkeSa(long now, Ikev1Sa via, byte[] cookies) {
        long ckyI = ByteBuffer.wrap(cookies, 0, 8).getLong();
        long ckyR = ByteBuffer.wrap(cookies, 8, 8).getLong();
        Ikev1Sa target = table.get(ckyI, ckyR);
        if (target == null || (target != via && !target.peer.address().equals(via.peer.address()))) {
            trace.detail(via.label(), "peer deleted an unknown ISAKMP SA");
            return;
        }
        trace.step(target.label(), "ISAKMP SA deleted by peer");
        delete(now, target, "deleted by peer", false, ChildFate.ADOPT);
    }

    /** A Quick Mode produced keys: install them and arm the expiry. */
    void installChild(long now, Ikev1Sa sa, ChildSaInfo info, ChildSaKeys keys) {
        long lifetimeMillis = keys.lifetimeSeconds() > 0 ? keys.lifetimeSeconds() * 1000 : Long.MAX_VALUE / 4;
        ChildSa child = new ChildSa(info, keys, now + lifetimeMillis, sa);
        int older = children.of(sa).size();
        children.install(child);
        childTimers.schedule(child, child.expiresAt);
        // A Quick Mode while older child SAs live is a rekey: said in the milestone line, since the older
        // SAs stay until the peer deletes them or they expire.
        String rekey = older == 0 ? "" : " (rekey; " + older + " older kept until deleted or expired)";
        trace.step(sa.label(), "child SA installed" + rekey + ": " + info.label() + " " + keys.cipher() + "/" + keys.integrity()
                + (info.udpEncapsulated() ? " UDP-encapsulated" : "") + ", lifetime " + keys.lifetimeSeconds() + " s"
                + info.peerTrafficAddress().map(a -> ", peer traffic address " + a.getHostAddress()).orElse(""));
        listener.childSaInstalled(info, keys);
    }

    /** Children whose parent is {@code sa}. */
    List<ChildSa> childrenOf(Ikev1Sa sa) {
        return children.of(sa);
    }

    /**
     * The peer deleted its SA with this SPI (its inbound SPI, our outbound; some send ours). Only the peer's
     * own SAs are looked at: those of this IKE SA, and those left without an IKE SA by an earlier one of the
     * same endpoint and identity. Another peer's SA is never deleted, whatever SPI is named.
     */
    void peerDeletedChild(long now, Ikev1Sa sa, int spi) {
        ChildSa c = ChildSaTable.byPeerSpi(children.of(sa), spi);
        if (c == null) {
            List<ChildSa> orphans = new ArrayList<>();
            for (ChildSa o : children.of(null)) {
                if (o.info.peer().equals(sa.peer) && sameIdentity(o.info.identity(), sa.identity)) {
                    orphans.add(o);
                }
            }
            c = ChildSaTable.byPeerSpi(orphans, spi);
        }
        if (c != null) {
            trace.step(sa.label(), "peer deleted " + c.info.label());
            removeChild(now, c, "deleted by peer", false);
            return;
        }
        trace.detail(sa.label(), String.format("peer deleted unknown SPI %08x", spi));
    }

    private void expireChild(long now, ChildSa c) {
        trace.step(c.parent != null ? c.parent.label() : "child", c.info.label() + " lifetime expired");
        removeChild(now, c, "lifetime expired", true);
    }

    private void removeChild(long now, ChildSa c, String reason, boolean notifyPeer) {
        children.remove(c);
        if (notifyPeer && c.parent != null && c.parent.state.established()) {
            Informational.sendDelete(this, c.parent, now, SaPayload.Proposal.PROTO_IPSEC_ESP,
                    List.of(Ikev1Proposals.spiOctets(c.info.inboundSpi())));
        }
        listener.childSaRemoved(c.info, reason);
        c.keys.destroy();
    }

    enum ChildFate { REMOVE, ADOPT }

    /**
     * Removes {@code sa}. Its children are removed with it ({@link ChildFate#REMOVE}: the peer is gone or
     * replaced), or ({@link ChildFate#ADOPT}) move to a newer IKE SA of the same endpoint and identity, or
     * stay on their own until they expire: deleting an ISAKMP SA does not delete the IPsec SAs it made.
     */
    void delete(long now, Ikev1Sa sa, String reason, boolean notifyPeer, ChildFate fate) {
        if (sa.state == Ikev1SaState.DELETED) {
            return;
        }
        boolean wasEstablished = sa.state.established();
        List<ChildSa> kids = childrenOf(sa);
        if (fate == ChildFate.REMOVE) {
            for (ChildSa c : kids) {
                removeChild(now, c, reason, notifyPeer && wasEstablished);
            }
        } else {
            Ikev1Sa heir = null;
            for (Ikev1Sa other : atPeer(sa.peer)) {
                if (other != sa && other.state.established() && other.peer.equals(sa.peer)
                        && sameIdentity(other.identity, sa.identity)) {
                    heir = other;
                }
            }
            for (ChildSa c : kids) {
                children.reparent(c, heir);
                trace.step(sa.label(), c.info.label() + (heir != null ? " moves to " + heir.label()
                        : " stays until it expires (no IKE SA left for it)"));
            }
        }
        if (notifyPeer && wasEstablished) {
            Informational.sendDelete(this, sa, now, SaPayload.Proposal.PROTO_ISAKMP,
                    List.of(Octets.of(Informational.cookies(sa))));
        }
        if (sa.state.halfOpen() && !sa.initiator) {
            releaseHalfOpen(sa);
        }
        for (QuickModeExchange q : List.copyOf(sa.quickModes.values())) {
            abandon(sa, q);
        }
        sa.state = Ikev1SaState.DELETED;
        trace.detail(sa.label(), "deleted: " + reason);
        table.remove(sa.serial, sa.ckyI, sa.ckyR, sa.peer);
        unindex(sa);
        saTimers.cancel(sa);
        sa.wipeSecrets();
        if (wasEstablished) {
            listener.ikeSaDown(sa.info(), reason);
        }
    }

    /**
     * The same peer identity for uniqueids and for adopting children: the same kind of authentication and the
     * same ID (a re-issued certificate with the same subject counts as the same user).
     */
    private static boolean sameIdentity(PeerIdentity a, PeerIdentity b) {
        return a != null && b != null && a.method() == b.method() && a.ikeId().equals(b.ikeId());
    }

    private void fail(long now, Ikev1Sa sa, ExchangeFailure f) {
        fail(now, sa, f, null);
    }

    /** @param gate when not null, the failure line is logged only as often as the gate lets it */
    private void fail(long now, Ikev1Sa sa, ExchangeFailure f, OncePerInterval gate) {
        counters.drop(f.dropReason());
        if (!f.fatal()) {
            trace.detail(sa.label(), "message dropped: " + f.getMessage());
            return;
        }
        long silenced = gate == null ? 0 : gate.check(now);
        if (silenced != OncePerInterval.SILENT) {
            trace.failure(sa.label(), f.getMessage() + (gate == null ? "" : gate.suffix(silenced)));
        }
        listener.negotiationFailed(sa.peer, f.dropReason(), f.getMessage());
        if (f.refusal() != null) {
            tellRefusal(now, sa, f.refusal());
        } else if (f.notifyType() != null) {
            // Tell the peer why (its log then names the problem); encrypted once Phase 1 is done.
            if (sa.state.established()) {
                Informational.send(this, sa, now, List.of(new NotifyPayload(SaPayload.DOI_IPSEC,
                        SaPayload.Proposal.PROTO_ISAKMP, Octets.of(Informational.cookies(sa)), f.notifyType(),
                        Octets.empty())));
            } else {
                sendPlainNotify(sa, f.notifyType());
            }
        }
        if (!sa.state.established()) {
            delete(now, sa, f.getMessage(), false, ChildFate.REMOVE);
        }
    }

    /**
     * Tells a peer we refused at Phase 1 authentication why, as {@link Phase1Refusal} decides: one
     * Informational encrypted under the Phase 1 keys, its IV from the last CBC block of the message that
     * failed (what the initiator's chain holds). Only responders do this, and only once per SA: the SA is
     * deleted right after, so a copy of the failed message finds no SA and is dropped in silence; one
     * refusal per message received at most, and smaller than it, is no amplifier.
     */
    private void tellRefusal(long now, Ikev1Sa sa, Phase1Refusal refusal) {
        NotifyType type = refusal.notifyType();
        if (type == null || sa.initiator || sa.state.established() || sa.keys == null || sa.phase1LastBlock == null) {
            return;
        }
        Informational.send(this, sa, now, List.of(new NotifyPayload(SaPayload.DOI_IPSEC,
                SaPayload.Proposal.PROTO_ISAKMP, Octets.of(Informational.cookies(sa)), type, Octets.empty())));
        trace.step(sa.label(), "peer told " + type + " (encrypted Informational)");
    }

    void heard(Ikev1Sa sa, long now) {
        sa.lastHeard = now;
        if (sa.state.established() && sa.dpdOutstanding == 0 && sa.peerDpd && settings.dpd().enabled()) {
            sa.dpdProbeAt = now + settings.dpd().delay().toMillis();
        }
    }

    /** The peer answered R-U-THERE. */
    void dpdAcknowledged(Ikev1Sa sa, long now, int sequence) {
        if (sa.dpdOutstanding != 0 && sequence == sa.dpdOutstanding) {
            sa.dpdOutstanding = 0;
            sa.dpdGiveUpAt = Long.MAX_VALUE;
            trace.detail(sa.label(), "R-U-THERE-ACK " + sequence);
        }
        heard(sa, now);
    }

    void dpdProbeSent(Ikev1Sa sa, long now, int sequence) {
        if (sa.dpdOutstanding == 0) {
            sa.dpdGiveUpAt = now + settings.dpd().timeout().toMillis();
        }
        sa.dpdOutstanding = sequence;
        sa.dpdProbeAt = now + settings.dpd().delay().toMillis();
    }

    private void bindResponderCookie(Ikev1Sa sa, long ckyR) {
        sa.ckyR = ckyR;
        table.bindResponderSpi(sa, sa.ckyI, ckyR);
    }

    private void register(Ikev1Sa sa) {
        table.add(sa.serial, sa, sa.peer, sa.ckyI, sa.ckyR);
        index(sa);
        if (!sa.initiator) {
            sa.halfOpenSource = sa.peer.address();
            table.openHalf(sa.halfOpenSource);
        }
    }

    /** The SAs filed under {@code peer}, as a copy (callers delete while they iterate). */
    private List<Ikev1Sa> atPeer(Endpoint peer) {
        List<Ikev1Sa> l = byPeer.get(peer);
        return l == null ? List.of() : List.copyOf(l);
    }

    private void index(Ikev1Sa sa) {
        sa.indexedPeer = sa.peer;
        byPeer.computeIfAbsent(sa.peer, p -> new ArrayList<>(1)).add(sa);
    }

    private void unindex(Ikev1Sa sa) {
        if (sa.indexedPeer == null) {
            return;
        }
        List<Ikev1Sa> l = byPeer.get(sa.indexedPeer);
        if (l != null) {
            l.remove(sa);
            if (l.isEmpty()) {
                byPeer.remove(sa.indexedPeer);
            }
        }
        sa.indexedPeer = null;
    }

    /** Files {@code sa} under its current peer if a message moved it (NAT-T float, a NAT's new mapping). */
    private void reindex(Ikev1Sa sa) {
        if (sa.state != Ikev1SaState.DELETED && !sa.peer.equals(sa.indexedPeer)) {
            unindex(sa);
            index(sa);
        }
    }

    private void releaseHalfOpen(Ikev1Sa sa) {
        if (sa.halfOpenSource != null) {
            table.closeHalf(sa.halfOpenSource);
            sa.halfOpenSource = null;
        }
        table.forgetInitiator(sa.peer, sa.ckyI);
    }

    void schedule(Ikev1Sa sa) {
        schedule(sa, Long.MIN_VALUE);
    }

    private void schedule(Ikev1Sa sa, long notBefore) {
        if (sa.state == Ikev1SaState.DELETED) {
            saTimers.cancel(sa);
            return;
        }
        long d = sa.nextDeadline(QUICK_MODE_LINGER_MILLIS, settings.limits().negotiationTimeout().toMillis());
        if (d != Long.MAX_VALUE) {
            saTimers.schedule(sa, Math.max(d, notBefore));
        }
    }

    private static String cookies(IsakmpHeader h) {
        return String.format("%016x:%016x", h.initiatorCookie(), h.responderCookie());
    }
}
