package org.certvpn.ppp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@link PppListener} that keeps everything a link said, and queues its frames for the other end. */
final class Recorder implements PppListener {
    final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
    final List<byte[]> ipv4 = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    NetworkParameters network;
    LinkDownReason downReason;
    String downDetail;
    String authFailure;
    int linkDowns;
    /** When false, IPv4 deliveries are only counted (no copy), for allocation measurements. */
    boolean keepIpv4 = true;
    int ipv4Count;

    @Override
    public void sendFrame(byte[] buf, int off, int len) {
        outbox.add(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void deliverIpv4(byte[] buf, int off, int len) {
        ipv4Count++;
        if (keepIpv4) {
            ipv4.add(Arrays.copyOfRange(buf, off, off + len));
        }
    }

    @Override
    public void authenticated(String user) {
        events.add("authenticated " + user);
    }

    @Override
    public void authenticationFailed(String user, String reason) {
        events.add("auth-failed " + user);
        authFailure = reason;
    }

    @Override
    public void networkUp(NetworkParameters parameters) {
        events.add("network-up");
        network = parameters;
    }

    @Override
    public void networkDown() {
        events.add("network-down");
    }

    @Override
    public void linkDown(LinkDownReason reason, String detail) {
        events.add("link-down " + reason);
        downReason = reason;
        downDetail = detail;
        linkDowns++;
    }
}
