/**
 * Peer certificate validation: path building to configured CAs through intermediates, signature,
 * validity and CA checks, CRL revocation; each refusal a one-line reason for the connection trace.
 */
package org.certvpn.pki.validation;
