package org.certvpn.metrics;

/**
 * Where a client's session stands, for the {@code certvpn_sessions{state}} gauge. A session is counted
 * from its first IKE message to its teardown, in exactly one phase at a time.
 */
public enum SessionPhase {
    /** IKE phase 1 (Main or Aggressive Mode) under way. */
    IKE("ike"),
    /** IKE SA established, Quick Mode not finished: no ESP SA yet. */
    IPSEC("ipsec"),
    /** ESP SA installed, L2TP tunnel or session being set up. */
    L2TP("l2tp"),
    /** L2TP session up, PPP negotiating (LCP, authentication, IPCP). */
    PPP("ppp"),
    /** IPCP opened: the client has an address and passes traffic. */
    UP("up"),
    /** Being torn down (LCP Terminate, CDN/StopCCN, IKE DELETE sent). */
    CLOSING("closing");

    private final String label;

    SessionPhase(String label) {
        this.label = label;
    }

    /** The value of the {@code state} label. */
    public String label() {
        return label;
    }
}
