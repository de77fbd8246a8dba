/**
 * Reading the classic layout the gateway replaces: openswan/libreswan {@code ipsec.conf} and
 * {@code ipsec.secrets}, {@code ipsec.d/{certs,private,cacerts,crls}}, xl2tpd's {@code xl2tpd.conf},
 * the pppd options file it names, and {@code chap-secrets}. Each file has a pure text parser (fuzzed,
 * never throws, every error carries file:line) and {@link org.certvpn.config.classic.ClassicLoader}
 * turns the parsed files into the one configuration model.
 */
package org.certvpn.config.classic;
