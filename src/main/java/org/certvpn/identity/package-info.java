/** The authenticated identity of an IPsec peer, the value that passes from IKE to PPP. */
package org.certvpn.identity;
