package org.certvpn.esp;

/**
 * ESP anti-replay window (RFC 4303 §3.4.3) kept as an RFC 6479 ring of 64-bit blocks.
 *
 * <p>The ring holds {@value #BLOCKS} blocks; one block is always being recycled, so the usable window
 * is {@value #WINDOW_SIZE} sequence numbers behind the highest one accepted. Sliding the window forward
 * clears whole blocks instead of shifting bits, so a far-ahead jump costs at most {@value #BLOCKS} word
 * writes and an in-window packet costs one.
 *
 * <p>Use in two steps, as RFC 4303 §3.4.3 orders them: {@link #mayAccept} before the ICV is checked (a
 * cheap early drop for obvious replays, no state change), then {@link #accept} only after the ICV has
 * verified. {@code accept} is synchronized: one SA's packets normally arrive on one receive thread, but
 * when a NAT rebinding moves a peer to another socket loop two threads may briefly share it, and a
 * duplicate must not slip through between the check and the mark.
 *
 * <p>Sequence numbers are the 32-bit ESP field read as unsigned; extended sequence numbers are not
 * negotiated by CertVPN. Sequence number 0 is never sent (the first packet carries 1) and is rejected.
 */
public final class ReplayWindow {
    /** Blocks in the ring: a power of two so that the block index is a mask. */
    static final int BLOCKS = 32;
    private static final int BLOCK_SHIFT = 6;
    private static final int BLOCK_MASK = BLOCKS - 1;
    private static final int BIT_MASK = 63;
    /** Sequence numbers behind the highest accepted one that are still tracked (RFC 6479: (n - 1) * 64). */
    public static final int WINDOW_SIZE = (BLOCKS - 1) * 64;

    private final long[] bitmap = new long[BLOCKS];
    /** Highest sequence number accepted so far; 0 before the first packet. */
    private long top;

    /**
     * Whether {@code seq} could still be accepted: not zero, not older than the window, not already seen.
     * Reads without locking; a stale answer is corrected by {@link #accept}.
     */
    public boolean mayAccept(long seq) {
        if (seq <= 0 || seq > 0xFFFF_FFFFL) {
            return false;
        }
        long highest = top;
        if (seq > highest) {
            return true;
        }
        if (seq + WINDOW_SIZE <= highest) {
            return false;
        }
        return (bitmap[(int) (seq >>> BLOCK_SHIFT) & BLOCK_MASK] & (1L << (seq & BIT_MASK))) == 0;
    }

    /**
     * Marks {@code seq} as received, sliding the window forward if it is the newest; returns false (and
     * changes nothing) if it is a replay or too old. Call only after the packet's ICV verified.
     */
    public synchronized boolean accept(long seq) {
        if (!mayAccept(seq)) {
            return false;
        }
        int block = (int) (seq >>> BLOCK_SHIFT);
        if (seq > top) {
            long currentBlock = top >>> BLOCK_SHIFT;
            long advance = Math.min((seq >>> BLOCK_SHIFT) - currentBlock, BLOCKS);
            // Blocks that the window slides onto held bits of sequence numbers a whole ring ago: clear them.
            for (long i = 1; i <= advance; i++) {
                bitmap[(int) (currentBlock + i) & BLOCK_MASK] = 0;
            }
            top = seq;
        }
        bitmap[block & BLOCK_MASK] |= 1L << (seq & BIT_MASK);
        return true;
    }

    /** Highest sequence number accepted so far (0 if none). */
    public synchronized long highestAccepted() {
        return top;
    }
}
