/**
 * What {@code certvpn serve --nat} changes on the host so that clients reach the network behind the
 * gateway: IPv4 forwarding and an nftables masquerade rule for the client addresses, both undone on
 * exit. Kept apart from the rest of the gateway because it is the only code that changes host state
 * outside the process.
 */
package org.certvpn.gateway.host;
