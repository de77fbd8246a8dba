package org.certvpn.ppp;

import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ppp.auth.AuthListener;
import org.certvpn.ppp.auth.AuthMethod;
import org.certvpn.ppp.auth.ChapAuthenticator;
import org.certvpn.ppp.auth.LoginGate;
import org.certvpn.ppp.auth.PapAuthenticator;
import org.certvpn.ppp.auth.PppUser;
import org.certvpn.ppp.fsm.NegotiationAutomaton;
import org.certvpn.ppp.ipcp.IpcpListener;
import org.certvpn.ppp.ipcp.IpcpServer;
import org.certvpn.ppp.lcp.Lcp;
import org.certvpn.ppp.lcp.LcpConfig;

/**
 * The gateway's side of one PPP link, what one pppd process was.
 *
 * <p>Flow: {@link #start} opens LCP, requesting the configured authentication method. When LCP opens,
 * the agreed method's authenticator challenges the peer; its response goes through the {@link LoginGate}
 * (throttle, certificate binding, secret). On success the peer's address comes from the
 * {@link AddressAllocator} (its static address, else the pool) and IPCP opens with it; IPv4 then flows,
 * accepted only from that address. Authentication failure, an exhausted pool, IPCP failure, echo
 * timeout or a Terminate-Request end the link, reported once through {@link PppListener#linkDown}, and
 * the address goes back.
 */
public final class PppSession extends PppEndpoint implements AuthListener, IpcpListener {
    private final PppSettings settings;
    private final PppServices services;
    private final Optional<PeerIdentity> identity;
    private final String source;
    private final LoginGate gate;

    private String user;
    private Inet4Address assigned;
    private int assignedInt;

    /**
     * @param identity what IPsec proved about the peer; empty in the L2TP-without-IPsec test mode
     * @param source the peer's outer address and port, for the throttle and traces
     * @param label the trace prefix, e.g. "ppp[t3/s7]"
     */
    public PppSession(PppSettings settings, PppServices services, Optional<PeerIdentity> identity, String source,
            String label, PppListener listener) {
        super(label, listener, settings.timers(), settings.frameHeadroom(), settings.frameTailroom(),
                (sender, lcpListener, trace) -> new Lcp(new LcpConfig(settings.mru(), settings.authMethods(),
                        List.of(), true, settings.requestCompression(), settings.requestCompression(), List.of(),
                        settings.echoIntervalMillis(), settings.echoFailure()), settings.timers(), sender,
                        lcpListener, services.random(), trace));
        this.settings = settings;
        this.services = services;
        this.identity = identity;
        this.source = source;
        this.gate = new LoginGate(services.verifier(), settings.binding(), services.throttle());
    }

    /** The authenticated user, once authentication succeeded. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The address assigned to the peer, once the network phase began. */
    public Optional<Inet4Address> assignedAddress() {
        return Optional.ofNullable(assigned);
    }

    @Override
    protected void linkEstablished(long nowMillis) {
        Optional<AuthMethod> method = lcp.agreedPeerAuth();
        if (method.isEmpty()) {
            // Unreachable while authMethods is never empty: LCP closes when the peer refuses them all.
            close(LinkDownReason.NEGOTIATION_FAILED, "no authentication method agreed", nowMillis);
            return;
        }
        transition(Phase.AUTHENTICATE, "LCP opened, " + method.get());
        auth = method.get() == AuthMethod.PAP
                ? new PapAuthenticator(gate, identity, source, timers, this::sendControl, this, trace)
                : new ChapAuthenticator(method.get(), settings.hostName(), gate, identity, source, timers,
                        services.random(), this::sendControl, this, trace);
        auth.start(nowMillis);
    }

    @Override
    public void authSucceeded(String name, Optional<PppUser> record, long nowMillis) {
        if (phase() != Phase.AUTHENTICATE) {
            return;
        }
        if (user != null && !user.equals(name)) {
            authFailed(name, "PPP user \"" + name + "\" refused: the link already belongs to \"" + user + "\"",
                    nowMillis);
            return;
        }
        user = name;
        trace.debug("PPP user \"%s\" authenticated", name); // the host logs "PPP up" with user and address
        listener.authenticated(name);
        transition(Phase.NETWORK, "authenticated");
        if (assigned == null) {
            Optional<Inet4Address> address = services.addresses().allocate(name,
                    record.flatMap(PppUser::staticAddress));
            if (address.isEmpty()) {
                close(LinkDownReason.NO_ADDRESS, record.flatMap(PppUser::staticAddress).isPresent()
                        ? "static address of \"" + name + "\" is in use" : "address pool exhausted", nowMillis);
                return;
            }
            assigned = address.get();
            assignedInt = Addresses.toInt(assigned);
        }
        ipcp = new NegotiationAutomaton(new IpcpServer(Addresses.toInt(settings.localAddress()), assignedInt,
                settings.dns().stream().map(Addresses::toInt).toList(),
                settings.nbns().stream().map(Addresses::toInt).toList(), this), timers, this::sendControl, trace,
                services.random().nextInt(256));
        ipcp.up(nowMillis);
        ipcp.open(nowMillis);
    }

    @Override
    public void authFailed(String name, String reason, long nowMillis) {
        trace.info("authentication failed: %s", reason);
        listener.authenticationFailed(name, reason);
        close(LinkDownReason.AUTH_FAILED, reason, nowMillis);
    }

    @Override
    public void ipcpUp(long nowMillis) {
        NetworkParameters parameters = new NetworkParameters(settings.localAddress(), assigned, settings.dns(),
                settings.nbns(), user, lcp.peerMru());
        trace.debug("network up: %s is %s", user, assigned.getHostAddress());
        listener.networkUp(parameters);
    }

    @Override
    public void ipcpDown(long nowMillis) {
        listener.networkDown();
    }

    @Override
    public void ipcpFinished(long nowMillis) {
        if (!isFinished() && phase() == Phase.NETWORK) {
            close(LinkDownReason.NCP_FAILED, "IPCP failed", nowMillis);
        }
    }

    @Override
    protected boolean acceptSource(int sourceAddress) {
        return sourceAddress == assignedInt;
    }

    @Override
    protected void released() {
        if (assigned != null) {
            services.addresses().release(assigned);
        }
    }
}
