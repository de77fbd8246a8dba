/**
 * Algorithm identities and pure cryptographic functions: PRFs and IKE key derivation, DH groups,
 * CHAP/MS-CHAPv2 math. Bulk ciphers and MACs come from the JDK's JCE; each function is tested against
 * published vectors.
 */
package org.certvpn.crypto;
