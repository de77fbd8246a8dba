package org.certvpn.ppp.fsm;

/** The actions of RFC 1661 §4.4, named by their abbreviations in the state transition table. */
enum FsmAction {
    /** This-Layer-Up. */
    TLU,
    /** This-Layer-Down. */
    TLD,
    /** This-Layer-Started. */
    TLS,
    /** This-Layer-Finished. */
    TLF,
    /** Initialize-Restart-Count. */
    IRC,
    /** Zero-Restart-Count. */
    ZRC,
    /** Send-Configure-Request. */
    SCR,
    /** Send-Configure-Ack. */
    SCA,
    /** Send-Configure-Nak/Rej. */
    SCN,
    /** Send-Terminate-Request. */
    STR,
    /** Send-Terminate-Ack. */
    STA,
    /** Send-Code-Reject. */
    SCJ,
    /** Send-Echo-Reply. */
    SER
}
