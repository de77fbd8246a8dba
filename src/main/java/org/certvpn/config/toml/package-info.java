/**
 * The native configuration file: TOML read with tomlj (which reports line numbers for every key, so
 * semantic errors name file:line too), and written back by {@code config convert} and, with secrets
 * masked, by {@code config check}.
 */
package org.certvpn.config.toml;
