package org.certvpn.loadgen;

import java.util.List;
import org.certvpn.config.EspProposal;
import org.certvpn.config.IkeProposal;
import org.certvpn.ike.v1.Ikev1Initiation;

/** Proposal lists written as in the configuration ({@code aes128-sha1-modp2048}) turned into initiator offers. */
public final class Proposals {
    private Proposals() {}

    public static List<Ikev1Initiation.IkeOffer> ike(List<IkeProposal> proposals) {
        return proposals.stream().map(p -> new Ikev1Initiation.IkeOffer(p.cipher(), p.hash(), p.group())).toList();
    }

    public static List<Ikev1Initiation.EspOffer> esp(List<EspProposal> proposals) {
        return proposals.stream().map(p -> new Ikev1Initiation.EspOffer(p.cipher(), p.integrity())).toList();
    }
}
