package org.jheartbeat.agent.network;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Ethernet frames sent through a Linux packet socket (AF_PACKET, SOCK_RAW; root or CAP_NET_RAW, as arping needs),
 * in the network namespace of the thread that opened it: one socket, kept for the process's life, because closing a
 * packet socket waits for the kernel's RCU grace period (12-17 ms measured here), which would hold up every
 * takeover's start after its frames were out. With protocol 0 the socket only sends and receives nothing, so keeping
 * it costs nothing.
 */
final class PacketSocket {

    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOCKADDR_LL_SIZE = 20;
    /** The protocol written in the link address: frames carry their own, ARP's here. */
    private static final int ETHERTYPE_ARP = 0x0806;

    private final int fd;

    private PacketSocket(int fd) {
        this.fd = fd;
    }

    /** Opens the socket in the calling thread's network namespace. */
    static PacketSocket open() throws IOException {
        try {
            return new PacketSocket(SocketCalls.LIBC.socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0));
        } catch (LastErrorException e) {
            throw new IOException("cannot open a packet socket: " + NetlinkSocket.describe(e.getErrorCode()), e);
        } catch (UnsatisfiedLinkError e) {
            throw new IOException("cannot open a packet socket: libc not reachable: " + e.getMessage(), e);
        }
    }

    void send(int interfaceIndex, String device, List<byte[]> frames) throws IOException {
        Memory destination = linkAddress(interfaceIndex);
        try {
            for (byte[] frame : frames) {
                SocketCalls.LIBC.sendto(fd, frame, frame.length, 0, destination, SOCKADDR_LL_SIZE);
            }
        } catch (LastErrorException e) {
            throw new IOException("packet socket on " + device + ": " + NetlinkSocket.describe(e.getErrorCode()), e);
        }
    }

    /**
     * struct sockaddr_ll: family (native order), protocol (network order), interface index, hardware type, packet
     * type, address length, address; sendto needs the family, protocol and index, the frame carries its addresses.
     */
    private static Memory linkAddress(int interfaceIndex) {
        Memory address = new Memory(SOCKADDR_LL_SIZE);
        address.clear();
        address.setShort(0, (short) AF_PACKET);
        address.setShort(2, networkOrder(ETHERTYPE_ARP));
        address.setInt(4, interfaceIndex);
        return address;
    }

    /** A 16-bit value as it must lie in memory in network byte order, read back in this machine's order. */
    private static short networkOrder(int value) {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? (short) value : Short.reverseBytes((short) value);
    }

    void close() {
        SocketCalls.LIBC.close(fd);
    }
}
