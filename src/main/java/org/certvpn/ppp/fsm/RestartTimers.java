package org.certvpn.ppp.fsm;

/**
 * The restart timer and counters of RFC 1661 §4.6.
 *
 * @param restartMillis time before a Configure- or Terminate-Request is sent again (RFC default 3 s)
 * @param maxConfigure Configure-Requests sent without an answer before giving up (default 10)
 * @param maxTerminate Terminate-Requests sent without an answer before giving up (default 2)
 * @param maxFailure Configure-Naks sent without sending an Ack before further naks become rejects,
 *     and naks received before they are treated as rejects (default 5)
 */
public record RestartTimers(long restartMillis, int maxConfigure, int maxTerminate, int maxFailure) {
    public static final RestartTimers RFC_DEFAULTS = new RestartTimers(3000, 10, 2, 5);

    public RestartTimers {
        if (restartMillis <= 0 || maxConfigure < 1 || maxTerminate < 1 || maxFailure < 1) {
            throw new IllegalArgumentException("restart timer and counters must be positive");
        }
    }
}
