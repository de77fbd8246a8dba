/**
 * The local control socket through which {@code certvpn status|kick|reload|trace} talk to a running
 * gateway: a Unix domain socket that only root (or the gateway's own user) may use.
 */
package org.certvpn.control;
