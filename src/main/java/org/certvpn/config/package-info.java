/**
 * The gateway's configuration: one immutable, typed model ({@link org.certvpn.config.GatewayConfig}),
 * read either from the native TOML file or from the classic openswan/xl2tpd/pppd files, through one
 * entry point ({@link org.certvpn.config.ConfigLoader}). Loading either yields a complete model plus
 * warnings, or positioned errors and no model at all, so a reload with a broken file keeps the old
 * configuration. This package knows nothing of the protocol engines; the gateway maps the model onto
 * each engine's own settings.
 */
package org.certvpn.config;
