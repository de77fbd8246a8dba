package org.certvpn.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;

/**
 * One non-blocking {@link DatagramChannel} per client, all on one {@link Selector}: thousands of clients,
 * each on its own source port, served by one thread.
 */
final class SelectorTransport implements LaneTransport {
    private final Selector selector;
    private final byte[] rx = new byte[65_536];
    private final ByteBuffer rxBuffer = ByteBuffer.wrap(rx);
    private byte[] txArray;
    private ByteBuffer txBuffer;

    SelectorTransport() throws IOException {
        this.selector = Selector.open();
    }

    @Override
    public void open(LoadClient client) throws IOException {
        DatagramChannel ch = DatagramChannel.open(java.net.StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
            ch.bind(new InetSocketAddress(client.source, 0));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, client);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        client.socket = ch;
        client.localPort = ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }

    @Override
    public boolean send(LoadClient client, byte[] buf, int off, int len, InetSocketAddress to) throws IOException {
        if (buf != txArray) {
            txArray = buf;
            txBuffer = ByteBuffer.wrap(buf);
        }
        txBuffer.limit(off + len).position(off);
        return ((DatagramChannel) client.socket).send(txBuffer, to) > 0;
    }

    @Override
    public void close(LoadClient client) {
        if (client.socket instanceof DatagramChannel ch) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing; nothing to do
            }
        }
    }

    @Override
    public int poll(long timeoutMillis, int max, Receiver receiver) throws IOException {
        int ready = timeoutMillis <= 0 ? selector.selectNow() : selector.select(timeoutMillis);
        if (ready == 0) {
            return 0;
        }
        int n = 0;
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid()) {
                continue;
            }
            DatagramChannel ch = (DatagramChannel) key.channel();
            LoadClient client = (LoadClient) key.attachment();
            // A bounded batch per socket, so one busy client cannot starve the others.
            // The receiver may close the client's socket (it failed or gave up): stop reading it then.
            for (int i = 0; i < 64 && n < max && ch.isOpen(); i++) {
                rxBuffer.clear();
                InetSocketAddress from;
                try {
                    from = (InetSocketAddress) ch.receive(rxBuffer);
                } catch (ClosedChannelException e) {
                    break;
                }
                if (from == null) {
                    break;
                }
                n++;
                receiver.datagram(client, rx, rxBuffer.position(), from);
            }
        }
        return n;
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() {
        for (SelectionKey k : selector.keys()) {
            try {
                k.channel().close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
