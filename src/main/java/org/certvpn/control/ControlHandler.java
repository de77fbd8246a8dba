package org.certvpn.control;

/** What the gateway does with a control command; called on a control-socket thread. */
@FunctionalInterface
public interface ControlHandler {
    ControlResponse handle(ControlRequest request);
}
