package org.jheartbeat.resources.ipaddr;

import java.io.IOException;
import java.util.List;

/**
 * Ethernet frames sent by this process itself on one of the node's interfaces: an address's first announcement goes
 * out the moment the address is in place, where a tool would first spend tens of milliseconds starting (arping).
 */
interface LinkLayer {

    /** No frames from this process: every announcement goes through the tool. */
    LinkLayer NONE = new LinkLayer() {
        @Override
        public byte[] hardwareAddress(String device) {
            return new byte[0];
        }

        @Override
        public void send(String device, List<byte[]> frames) {
            throw new UnsupportedOperationException("no link layer of its own here");
        }
    };

    /** The interface's Ethernet address; empty when it has none (a loopback, a tunnel). */
    byte[] hardwareAddress(String device) throws IOException;

    /** Sends each frame, already addressed, on {@code device}. */
    void send(String device, List<byte[]> frames) throws IOException;
}
