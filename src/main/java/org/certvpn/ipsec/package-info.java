/**
 * The contract between key exchange and ESP: transform identities and the keys of a negotiated child
 * SA. IKEv1 today and IKEv2 later produce {@link org.certvpn.ipsec.ChildSaKeys}; ESP consumes them.
 */
package org.certvpn.ipsec;
