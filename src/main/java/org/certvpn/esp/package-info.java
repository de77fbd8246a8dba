/**
 * Userspace ESP (RFC 4303) with CBC ciphers (RFC 3602, 3DES) and truncated HMACs (RFC 2403, 2404, 4868),
 * ESP-in-UDP demultiplexing (RFC 3948) and the transport-mode inner UDP checksum rules.
 *
 * <p>Sans-IO: {@link org.certvpn.esp.EspContext} seals and opens packets in caller buffers; SAs come from
 * {@link org.certvpn.ipsec.ChildSaKeys}; the edge ({@code net}) moves the bytes. See docs/ESP.md.
 */
package org.certvpn.esp;
