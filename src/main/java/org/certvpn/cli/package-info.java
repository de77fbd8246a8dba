/** The command line: picocli commands, one per file, at the top of the layer stack. */
package org.certvpn.cli;
