package org.certvpn.ike.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A decoded payload chain together with the exact bytes it came from. IKEv1 hashes are computed over
 * payload bytes as they were sent ({@code SAi_b}, Quick Mode's "everything after HASH"), so the chain
 * keeps each payload's position instead of re-encoding.
 */
public final class Payloads {
    /** One payload and where its generic header starts within {@link #raw()}; {@code length} includes it. */
    public record Entry(Payload payload, int offset, int length) {}

    private final byte[] raw;
    private final List<Entry> entries;
    private final int chainEnd;

    Payloads(byte[] raw, List<Entry> entries, int chainEnd) {
        this.raw = raw;
        this.entries = List.copyOf(entries);
        this.chainEnd = chainEnd;
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<Payload> payloads() {
        List<Payload> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(e.payload());
        }
        return out;
    }

    public int size() {
        return entries.size();
    }

    public Payload get(int index) {
        return entries.get(index).payload();
    }

    public <T extends Payload> List<T> all(Class<T> kind) {
        List<T> out = new ArrayList<>();
        for (Entry e : entries) {
            if (kind.isInstance(e.payload())) {
                out.add(kind.cast(e.payload()));
            }
        }
        return out;
    }

    public <T extends Payload> Optional<T> first(Class<T> kind) {
        for (Entry e : entries) {
            if (kind.isInstance(e.payload())) {
                return Optional.of(kind.cast(e.payload()));
            }
        }
        return Optional.empty();
    }

    /** Index of the first payload of {@code kind}, or -1. */
    public int indexOf(Class<? extends Payload> kind) {
        for (int i = 0; i < entries.size(); i++) {
            if (kind.isInstance(entries.get(i).payload())) {
                return i;
            }
        }
        return -1;
    }

    /** The chain bytes as decoded (without padding after the last payload). */
    public byte[] raw() {
        return Arrays.copyOf(raw, chainEnd);
    }

    /** The body of payload {@code index} as sent, without its generic header. */
    public byte[] body(int index) {
        Entry e = entries.get(index);
        return Arrays.copyOfRange(raw, e.offset() + 4, e.offset() + e.length());
    }

    /** The bytes from payload {@code index}'s generic header to the end of the last payload. */
    public byte[] from(int index) {
        if (index >= entries.size()) {
            return new byte[0];
        }
        return Arrays.copyOfRange(raw, entries.get(index).offset(), chainEnd);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(e.payload().type());
        }
        return sb.toString();
    }
}
