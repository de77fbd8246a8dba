package org.certvpn.pki.ca;

/**
 * Named points inside a store transaction. Production code passes {@link #NONE}; tests throw from a
 * chosen point to leave the files exactly as a process killed there would, then check that the next
 * open recovers.
 */
@FunctionalInterface
interface CrashHook {
    CrashHook NONE = point -> {};

    void reached(String point);
}
