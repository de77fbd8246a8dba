/** LCP (RFC 1661 §6, RFC 1570 codes tolerated): options, keepalive echo, Protocol-Reject. */
package org.certvpn.ppp.lcp;
