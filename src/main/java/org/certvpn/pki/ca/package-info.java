/**
 * The built-in certificate authority: a directory store holding a self-signed root, the gateway's
 * certificate and key, per-user client certificates as {@code .p12} files, an index of everything
 * issued and the CRL.
 *
 * <p>{@link org.certvpn.pki.ca.CaStore} is the API the CLI and the gateway call. Every change to the
 * store is one journalled transaction (see {@code docs/CA.md}): a process killed at any point leaves
 * a store that the next {@code open} brings to a consistent state, with no certificate issued but
 * missing from the index and no serial used twice.
 */
package org.certvpn.pki.ca;
