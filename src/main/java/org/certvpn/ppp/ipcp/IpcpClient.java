package org.certvpn.ppp.ipcp;

import java.util.ArrayList;
import java.util.List;
import org.certvpn.ppp.fsm.NegotiatedProtocol;
import org.certvpn.ppp.fsm.OptionVerdict;
import org.certvpn.ppp.wire.ConfigOption;
import org.certvpn.ppp.wire.PppProtocol;

/**
 * The client's IPCP policy, as pppd with {@code noipdefault usepeerdns} behaves: ask for address
 * 0.0.0.0 (or a wished-for one) and for DNS servers, adopt what the server naks, acknowledge the
 * server's own IP-Address, refuse the rest.
 */
public final class IpcpClient implements NegotiatedProtocol {
    private final int wantedAddress;
    private final boolean askDns;
    private final List<ConfigOption> extraOptions;
    private final IpcpListener listener;

    private int address;
    private final int[] dnsServers = new int[2];
    private boolean[] askingDns = new boolean[2];
    private List<ConfigOption> extras;
    private boolean sendAddress;
    private int serverAddress;

    /**
     * @param wantedAddress the address to ask for, 0 to let the server choose
     * @param askDns ask for primary and secondary DNS (RFC 1877)
     * @param extraOptions further options to request verbatim, dropped when refused (tests use it)
     */
    public IpcpClient(int wantedAddress, boolean askDns, List<ConfigOption> extraOptions, IpcpListener listener) {
        this.wantedAddress = wantedAddress;
        this.askDns = askDns;
        this.extraOptions = List.copyOf(extraOptions);
        this.listener = listener;
        resetOptions();
    }

    /** Our address as agreed (0 before IPCP opens). */
    public int address() {
        return address;
    }

    /** The DNS servers the server gave us (0, 1 or 2). */
    public List<Integer> dnsServers() {
        List<Integer> out = new ArrayList<>();
        for (int d : dnsServers) {
            if (d != 0) {
                out.add(d);
            }
        }
        return out;
    }

    /** The server's own address from its Configure-Request, 0 if it sent none. */
    public int serverAddress() {
        return serverAddress;
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
        address = wantedAddress;
        sendAddress = true;
        askingDns = new boolean[] {askDns, askDns};
        dnsServers[0] = 0;
        dnsServers[1] = 0;
        extras = new ArrayList<>(extraOptions);
    }

    @Override
    public List<ConfigOption> requestOptions() {
        List<ConfigOption> options = new ArrayList<>();
        if (sendAddress) {
            options.add(ConfigOption.ofInt(IpcpOption.IP_ADDRESS, address));
        }
        for (int i = 0; i < 2; i++) {
            if (askingDns[i]) {
                options.add(ConfigOption.ofInt(IpcpOption.serverOption(true, i), dnsServers[i]));
            }
        }
        options.addAll(extras);
        return options;
    }

    @Override
    public void requestAcked(List<ConfigOption> options) {}

    @Override
    public boolean requestNaked(List<ConfigOption> suggestions, boolean treatAsReject) {
        for (ConfigOption o : suggestions) {
            if (o.dataLength() != 4 && (o.type() == IpcpOption.IP_ADDRESS || o.type() == IpcpOption.PRIMARY_DNS
                    || o.type() == IpcpOption.SECONDARY_DNS)) {
                return false;
            }
            switch (o.type()) {
                case IpcpOption.IP_ADDRESS -> address = o.intValue();
                case IpcpOption.PRIMARY_DNS -> dnsServers[0] = o.intValue();
                case IpcpOption.SECONDARY_DNS -> dnsServers[1] = o.intValue();
                default -> extras.removeIf(e -> e.type() == o.type());
            }
        }
        return true;
    }

    @Override
    public boolean requestRejected(List<ConfigOption> rejected) {
        for (ConfigOption o : rejected) {
            switch (o.type()) {
                case IpcpOption.IP_ADDRESS -> sendAddress = false;
                case IpcpOption.PRIMARY_DNS -> askingDns[0] = false;
                case IpcpOption.SECONDARY_DNS -> askingDns[1] = false;
                default -> extras.remove(o);
            }
        }
        return true;
    }

    @Override
    public OptionVerdict checkPeerOption(ConfigOption o, boolean rejectIfDisagree) {
        if (o.type() == IpcpOption.IP_ADDRESS && o.dataLength() == 4 && o.intValue() != 0) {
            return OptionVerdict.ACK;
        }
        return OptionVerdict.REJECT;
    }

    @Override
    public void peerOptionsAcked(List<ConfigOption> options) {
        serverAddress = 0;
        for (ConfigOption o : options) {
            if (o.type() == IpcpOption.IP_ADDRESS && o.dataLength() == 4) {
                serverAddress = o.intValue();
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
