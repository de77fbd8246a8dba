package org.certvpn.ike;

import java.util.random.RandomGenerator;

/**
 * Where inbound ESP SPIs come from. An engine alone keeps its own; a gateway running several engines
 * (one per thread) hands them a shared allocator so that every SPI is unique across the whole gateway,
 * since ESP finds its SA by SPI alone.
 */
public interface SpiAllocator {
    /** A fresh random SPI above 255 (RFC 4303 §2.1), held until installed or {@link #release released}. */
    int reserve(RandomGenerator random);

    /** Gives back a reserved SPI that was never installed (a Quick Mode that failed). */
    void release(int spi);
}
