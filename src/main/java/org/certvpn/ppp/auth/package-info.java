/**
 * PPP authentication: the gateway as authenticator (CHAP-MD5, MS-CHAPv2, PAP when allowed), the
 * client as responder (for tests and the load generator), the user directory, the certificate-to-user
 * binding policy and the failure throttle.
 */
package org.certvpn.ppp.auth;
