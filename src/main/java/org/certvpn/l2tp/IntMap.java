package org.certvpn.l2tp;

import java.util.ArrayList;
import java.util.List;

/**
 * A map from non-zero 16-bit IDs to values, open addressing, no boxing: lookups on the data path
 * allocate nothing.
 */
final class IntMap<V> {
    private static final int TOMBSTONE = -1;
    private int[] keys = new int[8];
    private Object[] values = new Object[8];
    private int size;
    private int used;

    @SuppressWarnings("unchecked")
    V get(int key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                return (V) values[i];
            }
            if (k == 0) {
                return null;
            }
        }
    }

    boolean containsKey(int key) {
        return get(key) != null;
    }

    void put(int key, V value) {
        if (key <= 0 || value == null) {
            throw new IllegalArgumentException("IDs are positive and values non-null");
        }
        if ((used + 1) * 2 > keys.length) {
            rehash(size * 2 + 2 > keys.length ? keys.length * 2 : keys.length);
        }
        int mask = keys.length - 1;
        int free = -1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == TOMBSTONE && free < 0) {
                free = i;
            }
            if (k == 0) {
                if (free < 0) {
                    free = i;
                    used++;
                }
                keys[free] = key;
                values[free] = value;
                size++;
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    V remove(int key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                V v = (V) values[i];
                keys[i] = TOMBSTONE;
                values[i] = null;
                size--;
                return v;
            }
            if (k == 0) {
                return null;
            }
        }
    }

    int size() {
        return size;
    }

    /** A snapshot of the values (control plane only). */
    @SuppressWarnings("unchecked")
    List<V> values() {
        List<V> out = new ArrayList<>(size);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] > 0) {
                out.add((V) values[i]);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private void rehash(int capacity) {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[capacity];
        values = new Object[capacity];
        size = 0;
        used = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] > 0) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }

    private static int mix(int key) {
        return key * 0x9E3779B9 >>> 16 ^ key;
    }
}
