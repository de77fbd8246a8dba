package org.certvpn.pki.ca;

import java.nio.file.Path;

/**
 * The CA certificate written for clients. Android's installer only offers files named {@code .crt}
 * or {@code .p12}, so both forms carry a {@code .crt} name.
 *
 * @param pemFile {@code ca.crt}, PEM
 * @param derFile {@code ca-der.crt}, the same certificate in DER
 */
public record ExportedCa(Path pemFile, Path derFile) {}
