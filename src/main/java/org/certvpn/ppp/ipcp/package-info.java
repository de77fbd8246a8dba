/** IPCP (RFC 1332) with the RFC 1877 DNS/NBNS options: the gateway's side and the client's side. */
package org.certvpn.ppp.ipcp;
