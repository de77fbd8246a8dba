package org.certvpn.ppp.ipcp;

import java.util.ArrayList;
import java.util.List;
import org.certvpn.ppp.fsm.NegotiatedProtocol;
import org.certvpn.ppp.fsm.OptionVerdict;
import org.certvpn.ppp.wire.ConfigOption;
import org.certvpn.ppp.wire.PppProtocol;

/**
 * The gateway's IPCP policy (pppd's ipcp_reqci as an authenticating server):
 * <ul>
 *   <li>we always request our own IP-Address (Android expects to learn it);
 *   <li>the peer gets the address assigned to it: 0.0.0.0, any other address, or no IP-Address option
 *       at all draws a Configure-Nak with the assigned one (RFC 1332 §3.3);
 *   <li>RFC 1877 DNS and NBNS requests are nak'd with the configured servers, rejected when none are;
 *   <li>IP-Compression-Protocol (Van Jacobson) and everything else are rejected.
 * </ul>
 * Addresses are {@code int}s in network byte order.
 */
public final class IpcpServer implements NegotiatedProtocol {
    private final int localAddress;
    private final int assignedAddress;
    private final List<Integer> dns;
    private final List<Integer> nbns;
    private final IpcpListener listener;
    private boolean sendLocalAddress;
    private int peerAddress;

    public IpcpServer(int localAddress, int assignedAddress, List<Integer> dns, List<Integer> nbns,
            IpcpListener listener) {
        this.localAddress = localAddress;
        this.assignedAddress = assignedAddress;
        this.dns = List.copyOf(dns);
        this.nbns = List.copyOf(nbns);
        this.listener = listener;
        resetOptions();
    }

    /** The address the peer agreed to use (the assigned one, once Opened). */
    public int peerAddress() {
        return peerAddress;
    }

    @Override
    public String name() {
        return "IPCP";
    }

    @Override
    public int protocol() {
        return PppProtocol.IPCP;
    }

    @Override
    public String describe(ConfigOption o) {
        return IpcpOption.describe(o);
    }

    @Override
    public void resetOptions() {
        sendLocalAddress = true;
    }

    @Override
    public List<ConfigOption> requestOptions() {
        return sendLocalAddress ? List.of(ConfigOption.ofInt(IpcpOption.IP_ADDRESS, localAddress)) : List.of();
    }

    @Override
    public void requestAcked(List<ConfigOption> options) {}

    @Override
    public boolean requestNaked(List<ConfigOption> suggestions, boolean treatAsReject) {
        // Our tunnel address is fixed; a peer that naks it is ignored until Max-Failure, then we stop
        // telling it (RFC 1332 lets the peer live without knowing our address).
        for (ConfigOption o : suggestions) {
            if (o.type() == IpcpOption.IP_ADDRESS && treatAsReject) {
                sendLocalAddress = false;
            }
        }
        return true;
    }

    @Override
    public boolean requestRejected(List<ConfigOption> rejected) {
        for (ConfigOption o : rejected) {
            if (o.type() == IpcpOption.IP_ADDRESS) {
                sendLocalAddress = false;
            }
        }
        return true;
    }

    @Override
    public OptionVerdict checkPeerOption(ConfigOption o, boolean rejectIfDisagree) {
        return switch (o.type()) {
            case IpcpOption.IP_ADDRESS -> {
                if (o.dataLength() != 4) {
                    yield OptionVerdict.REJECT;
                }
                yield o.intValue() == assignedAddress ? OptionVerdict.ACK
                        : OptionVerdict.nak(ConfigOption.ofInt(IpcpOption.IP_ADDRESS, assignedAddress));
            }
            case IpcpOption.PRIMARY_DNS, IpcpOption.SECONDARY_DNS ->
                    serverOption(o, dns, o.type() == IpcpOption.PRIMARY_DNS ? 0 : 1);
            case IpcpOption.PRIMARY_NBNS, IpcpOption.SECONDARY_NBNS ->
                    serverOption(o, nbns, o.type() == IpcpOption.PRIMARY_NBNS ? 0 : 1);
            default -> OptionVerdict.REJECT;
        };
    }

    private static OptionVerdict serverOption(ConfigOption o, List<Integer> servers, int index) {
        if (o.dataLength() != 4 || index >= servers.size()) {
            return OptionVerdict.REJECT;
        }
        int server = servers.get(index);
        return o.intValue() == server ? OptionVerdict.ACK : OptionVerdict.nak(ConfigOption.ofInt(o.type(), server));
    }

    @Override
    public List<ConfigOption> missingPeerOptions(List<ConfigOption> request, boolean rejectIfDisagree) {
        for (ConfigOption o : request) {
            if (o.type() == IpcpOption.IP_ADDRESS) {
                return List.of();
            }
        }
        List<ConfigOption> naks = new ArrayList<>();
        if (!rejectIfDisagree) {
            naks.add(ConfigOption.ofInt(IpcpOption.IP_ADDRESS, assignedAddress));
        }
        return naks;
    }

    @Override
    public void peerOptionsAcked(List<ConfigOption> options) {
        peerAddress = 0;
        for (ConfigOption o : options) {
            if (o.type() == IpcpOption.IP_ADDRESS && o.dataLength() == 4) {
                peerAddress = o.intValue();
            }
        }
    }

    @Override
    public void up(long nowMillis) {
        listener.ipcpUp(nowMillis);
    }

    @Override
    public void down(long nowMillis) {
        listener.ipcpDown(nowMillis);
    }

    @Override
    public void finished(long nowMillis) {
        listener.ipcpFinished(nowMillis);
    }
}
