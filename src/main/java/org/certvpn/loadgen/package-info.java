/**
 * {@code certvpn loadgen}: an L2TP/IPsec client written to the standards (IKEv1 Main Mode with a
 * certificate or PSK, NAT-T always encapsulated, L2TP as a LAC, PPP with CHAP-MD5 or MS-CHAPv2), made of
 * the project's sans-IO initiator engines and multiplexed by the thousand on a few threads, each client on
 * a UDP source port of its own. It measures connects per second and their latency, the gateway's memory
 * per tunnel, and forwarding throughput against a UDP {@link org.certvpn.loadgen.Sink} behind the
 * gateway's TUN device. BENCHMARKS.md shows how it is run.
 */
package org.certvpn.loadgen;
