/**
 * Small pieces every layer may use: the positioned decode error, hex for traces and vectors.
 * Depends on nothing else in CertVPN.
 */
package org.certvpn.common;
