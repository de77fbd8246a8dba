package org.certvpn.net;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A thread's reusable native memory for system calls: the packet buffer heap arrays are copied through,
 * the poll array, a sockaddr and the errno capture. Created once per thread, freed with the thread.
 */
final class NativeScratch {
    /** Largest packet moved in one call (an IPv4 datagram with its header). */
    static final int BUFFER_SIZE = 65_536;
    static final int SOCKADDR_IN_SIZE = 16;

    private static final ThreadLocal<NativeScratch> PER_THREAD = ThreadLocal.withInitial(NativeScratch::new);

    final MemorySegment buffer;
    /**
     * The same memory as a direct ByteBuffer: its absolute bulk get/put copy to and from heap arrays without
     * creating a segment for the array on each call, as {@code MemorySegment.copy} to an array does.
     */
    final java.nio.ByteBuffer bufferView;
    final MemorySegment pollFds;
    final MemorySegment sockaddr;
    final MemorySegment sockaddrLength;
    final MemorySegment capture;

    private NativeScratch() {
        Arena arena = Arena.ofAuto();
        buffer = arena.allocate(BUFFER_SIZE, 64);
        bufferView = buffer.asByteBuffer();
        pollFds = arena.allocate(16, 8);
        sockaddr = arena.allocate(SOCKADDR_IN_SIZE, 8);
        sockaddrLength = arena.allocate(4, 4);
        capture = Libc.capture();
    }

    /** Send-side cache: the last destination seen by this thread and its address as an int. */
    private java.net.InetSocketAddress lastDestination;
    private int lastDestinationInt;

    int destinationInt(java.net.Inet4Address address, java.net.InetSocketAddress destination) {
        // Peers' address objects are long-lived (held by their SA), so identity is a cheap, allocation-free key.
        if (destination != lastDestination) {
            lastDestinationInt = Ipv4Prefix.Ipv4.toInt(address);
            lastDestination = destination;
        }
        return lastDestinationInt;
    }

    /** Receive-side cache: the last raw-socket source seen by this thread, reused while it repeats. */
    private java.net.InetSocketAddress lastSource;
    private int lastSourceInt;

    java.net.InetSocketAddress source(int address) {
        if (lastSource == null || address != lastSourceInt) {
            lastSource = new java.net.InetSocketAddress(Ipv4Prefix.Ipv4.toAddress(address), 0);
            lastSourceInt = address;
        }
        return lastSource;
    }

    static NativeScratch get() {
        return PER_THREAD.get();
    }
}
