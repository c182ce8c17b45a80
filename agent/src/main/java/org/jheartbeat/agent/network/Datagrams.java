package org.jheartbeat.agent.network;

import java.io.Closeable;
import java.io.IOException;

/** A datagram socket as {@link LinuxNetwork} uses it: {@link NetlinkSocket} to the kernel, or a test's recording. */
interface Datagrams extends Closeable {

    void send(byte[] datagram) throws IOException;

    /**
     * Waits for the next datagram and copies it into {@code buffer}.
     *
     * @return its length
     * @throws IOException when none comes within the socket's wait, or it is longer than the buffer
     */
    int receive(byte[] buffer) throws IOException;

    @Override
    void close();
}
