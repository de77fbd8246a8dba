/**
 * The L2TPv2 engines (RFC 2661): an LNS that answers any number of tunnels from any number of
 * peers, and a LAC that behaves like Android's mtpd, both sans-IO. They share the reliable
 * control channel ({@code ReliableChannel}), the tunnel and session state machines and the codec
 * in {@code l2tp.wire}.
 *
 * <p>Callers feed datagrams with the peer key they arrived through and the current time, drive
 * timers through {@code nextDeadline()}/{@code onTimer(now)}, and learn what to do through
 * {@link org.certvpn.l2tp.L2tpListener}. PPP frames leave an established {@link L2tpSession}
 * by {@link L2tpListener#pppFrame} and enter it by {@link L2tpSession#encapsulate}.
 */
package org.certvpn.l2tp;
