package org.certvpn.ike.v1;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeSettings.FragmentationSettings;
import org.certvpn.ike.wire.FragmentPayload;
import org.certvpn.ike.wire.Octets;

/**
 * Reassembles Cisco/Microsoft IKEv1 fragments (payload 132) into the original message, within limits: at
 * most {@code maxFragments} fragments and {@code maxMessageSize} bytes per message, {@code
 * reassemblyTimeout} from the first fragment, {@code maxReassemblies} messages in progress at once (the
 * oldest is dropped to make room). Duplicates are ignored; a fragment that contradicts an earlier one
 * with the same number abandons the message.
 */
final class FragmentReassembler {
    enum Status { INCOMPLETE, COMPLETE, REJECTED }

    record Result(Status status, byte[] message, int fragments, String reason) {
        static Result incomplete() {
            return new Result(Status.INCOMPLETE, null, 0, null);
        }

        static Result rejected(String reason) {
            return new Result(Status.REJECTED, null, 0, reason);
        }
    }

    private record Key(Endpoint peer, long ckyI, long ckyR, int fragmentId) {}

    private static final class Pending {
        final long startedAt;
        final TreeMap<Integer, Octets> parts = new TreeMap<>();
        int lastNumber;
        int bytes;

        Pending(long startedAt) {
            this.startedAt = startedAt;
        }
    }

    private final FragmentationSettings limits;
    private final Map<Key, Pending> pending = new LinkedHashMap<>();

    FragmentReassembler(FragmentationSettings limits) {
        this.limits = limits;
    }

    int inProgress() {
        return pending.size();
    }

    Result add(long now, Endpoint peer, long ckyI, long ckyR, FragmentPayload f) {
        if (f.number() < 1 || f.number() > limits.maxFragments()) {
            return Result.rejected("fragment number " + f.number() + " outside 1.." + limits.maxFragments());
        }
        if (f.data().isEmpty()) {
            return Result.rejected("empty fragment");
        }
        Key key = new Key(peer, ckyI, ckyR, f.fragmentId());
        Pending p = pending.get(key);
        if (p == null) {
            if (pending.size() >= limits.maxReassemblies()) {
                Iterator<Key> oldest = pending.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            p = new Pending(now);
            pending.put(key, p);
        }
        Octets known = p.parts.get(f.number());
        if (known != null) {
            if (!known.equals(f.data())) {
                pending.remove(key);
                return Result.rejected("fragment " + f.number() + " of message " + f.fragmentId() + " arrived twice "
                        + "with different data");
            }
            return Result.incomplete();
        }
        if (f.last()) {
            if (p.lastNumber != 0 || !p.parts.isEmpty() && p.parts.lastKey() > f.number()) {
                pending.remove(key);
                return Result.rejected("conflicting last fragment " + f.number());
            }
            p.lastNumber = f.number();
        } else if (p.lastNumber != 0 && f.number() > p.lastNumber) {
            pending.remove(key);
            return Result.rejected("fragment " + f.number() + " after last fragment " + p.lastNumber);
        }
        if (p.bytes + f.data().length() > limits.maxMessageSize()) {
            pending.remove(key);
            return Result.rejected("reassembled message would exceed " + limits.maxMessageSize() + " bytes");
        }
        p.parts.put(f.number(), f.data());
        p.bytes += f.data().length();
        if (p.lastNumber == 0 || p.parts.size() != p.lastNumber) {
            return Result.incomplete();
        }
        pending.remove(key);
        byte[] whole = new byte[p.bytes];
        int at = 0;
        for (Octets part : p.parts.values()) {
            part.copyTo(whole, at);
            at += part.length();
        }
        return new Result(Status.COMPLETE, whole, p.parts.size(), null);
    }

    void expire(long now) {
        long timeout = limits.reassemblyTimeout().toMillis();
        pending.values().removeIf(p -> now - p.startedAt >= timeout);
    }

    long nextDeadline() {
        long timeout = limits.reassemblyTimeout().toMillis();
        long next = Long.MAX_VALUE;
        for (Pending p : pending.values()) {
            next = Math.min(next, p.startedAt + timeout);
        }
        return next;
    }
}
