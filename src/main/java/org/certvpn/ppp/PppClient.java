package org.certvpn.ppp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.certvpn.ppp.auth.AuthListener;
import org.certvpn.ppp.auth.AuthMethod;
import org.certvpn.ppp.auth.ChapResponder;
import org.certvpn.ppp.auth.PapRequester;
import org.certvpn.ppp.auth.PppUser;
import org.certvpn.ppp.fsm.NegotiationAutomaton;
import org.certvpn.ppp.ipcp.IpcpClient;
import org.certvpn.ppp.ipcp.IpcpListener;
import org.certvpn.ppp.lcp.Lcp;
import org.certvpn.ppp.lcp.LcpConfig;
import org.certvpn.ppp.wire.ConfigOption;
import org.certvpn.ppp.wire.ControlCode;
import org.certvpn.ppp.wire.ControlPacket;

/**
 * The client's side of a PPP link on the same automaton: LCP accepting the gateway's authentication
 * request, the CHAP-MD5/MS-CHAPv2/PAP responder (checking the MS-CHAPv2 authenticator response), and
 * IPCP asking for an address and DNS. Used by in-memory tests now and the load generator later.
 */
public final class PppClient extends PppEndpoint implements AuthListener, IpcpListener {
    private final PppClientSettings settings;
    private final RandomGenerator random;
    private IpcpClient ipcpClient;
    private final Set<Integer> rejectedProtocols = new HashSet<>();
    private boolean authenticated;

    public PppClient(PppClientSettings settings, RandomGenerator random, String label, PppListener listener) {
        super(label, listener, settings.timers(), 0, 0,
                (sender, lcpListener, trace) -> new Lcp(new LcpConfig(settings.mru(), List.of(),
                        settings.acceptAuth(), true, settings.requestCompression(), settings.requestCompression(),
                        settings.extraLcpOptions(), settings.echoIntervalMillis(), settings.echoFailure()),
                        settings.timers(), sender, lcpListener, random, trace));
        this.settings = settings;
        this.random = random;
    }

    /** Our address, once IPCP opened. */
    public int address() {
        return ipcpClient == null ? 0 : ipcpClient.address();
    }

    /** Protocols the gateway answered with Protocol-Reject. */
    public Set<Integer> rejectedProtocols() {
        return Set.copyOf(rejectedProtocols);
    }

    /** Whether the gateway accepted our credentials (and, for MS-CHAPv2, proved it knows them). */
    public boolean authenticated() {
        return authenticated;
    }

    @Override
    protected void linkEstablished(long nowMillis) {
        Optional<AuthMethod> method = lcp.agreedOwnAuth();
        if (method.isEmpty()) {
            startNetwork(nowMillis);
            return;
        }
        transition(Phase.AUTHENTICATE, "LCP opened, " + method.get());
        auth = method.get() == AuthMethod.PAP
                ? new PapRequester(settings.user(), settings.password(), random.nextInt(256), timers,
                        this::sendControl, this, trace)
                : new ChapResponder(method.get(), settings.user(), settings.password(), timers, random,
                        this::sendControl, this, trace);
        auth.start(nowMillis);
    }

    private void startNetwork(long nowMillis) {
        transition(Phase.NETWORK, "authenticated");
        ipcpClient = new IpcpClient(0, settings.askDns(), settings.extraIpcpOptions(), this);
        ipcp = new NegotiationAutomaton(ipcpClient, timers, this::sendControl, trace, random.nextInt(256));
        ipcp.up(nowMillis);
        ipcp.open(nowMillis);
        for (int ncp : settings.extraNcps()) {
            // Imitates clients that open CCP and the like; only the gateway's answer matters.
            sendControl(ncp, new ControlPacket(ControlCode.CONFIGURE_REQUEST, 1,
                    ConfigOption.encodeAll(List.of(ConfigOption.ofInt(18, 0x01000040)))));
        }
    }

    @Override
    public void authSucceeded(String user, Optional<PppUser> record, long nowMillis) {
        authenticated = true;
        listener.authenticated(user);
        startNetwork(nowMillis);
    }

    @Override
    public void authFailed(String user, String reason, long nowMillis) {
        listener.authenticationFailed(user, reason);
        close(LinkDownReason.AUTH_FAILED, reason, nowMillis);
    }

    @Override
    public void protocolRejected(int protocol, long nowMillis) {
        rejectedProtocols.add(protocol);
        super.protocolRejected(protocol, nowMillis);
    }

    @Override
    public void ipcpUp(long nowMillis) {
        List<java.net.Inet4Address> dns = new ArrayList<>();
        for (int d : ipcpClient.dnsServers()) {
            dns.add(Addresses.toInet(d));
        }
        listener.networkUp(new NetworkParameters(Addresses.toInet(ipcpClient.address()),
                Addresses.toInet(ipcpClient.serverAddress()), dns, List.of(), settings.user(), lcp.peerMru()));
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
        return true;
    }

    @Override
    protected void released() {}
}
