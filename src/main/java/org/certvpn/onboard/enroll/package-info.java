/**
 * {@code certvpn enroll}: a one-time, expiring HTTPS page from which a phone downloads its bundle,
 * reached by scanning a QR code the admin's terminal shows.
 *
 * <p>{@link org.certvpn.onboard.enroll.EnrollmentGrant} decides (no I/O, injected clock): the token
 * in the URL, single use, expiry. {@link org.certvpn.onboard.enroll.EnrollmentServer} is the JDK's
 * {@code HttpsServer} around it with an {@link org.certvpn.onboard.enroll.EphemeralTls} certificate;
 * {@link org.certvpn.onboard.enroll.EnrollmentPage} writes the HTML and
 * {@link org.certvpn.onboard.enroll.TerminalQr} the QR code.
 */
package org.certvpn.onboard.enroll;
