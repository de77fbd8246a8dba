/**
 * What IKEv1 and (later) IKEv2 share: the engine's settings record, accepted algorithms, pre-shared key
 * lookup, peer authentication by certificate, the listener through which engines act, traces and drop
 * counters. Version-specific exchanges live in {@code ike.v1}; the ISAKMP codec in {@code ike.wire}.
 */
package org.certvpn.ike;
