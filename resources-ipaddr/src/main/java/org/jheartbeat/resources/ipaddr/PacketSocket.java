package org.jheartbeat.resources.ipaddr;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteOrder;
import java.util.List;

/**
 * {@link LinkLayer} through a Linux packet socket (AF_PACKET, SOCK_RAW; root or CAP_NET_RAW, as arping needs), in
 * the network namespace of the thread that sends first: one socket, opened at the first send and kept for the
 * process's life, because closing a packet socket waits for the kernel's RCU grace period (12-17 ms measured here),
 * which would hold up every takeover's start after its frames were out. With protocol 0 the socket only sends and
 * receives nothing, so keeping it costs nothing. Interfaces are looked up by the JDK ({@link NetworkInterface}),
 * which reads the same namespace.
 */
final class PacketSocket implements LinkLayer {

    private static final int NOT_OPEN = -1;

    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final int SOCKADDR_LL_SIZE = 20;

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        long sendto(int fd, byte[] buffer, long length, int flags, Memory address, int addressLength)
                throws LastErrorException;
    }

    @Override
    public byte[] hardwareAddress(String device) throws IOException {
        byte[] address = find(device).getHardwareAddress();
        return address == null ? new byte[0] : address;
    }

    private int fd = NOT_OPEN;

    @Override
    public synchronized void send(String device, List<byte[]> frames) throws IOException {
        Memory destination = linkAddress(find(device).getIndex());
        try {
            if (fd == NOT_OPEN) {
                fd = LibC.INSTANCE.socket(AF_PACKET, SOCK_RAW, 0);
            }
            for (byte[] frame : frames) {
                LibC.INSTANCE.sendto(fd, frame, frame.length, 0, destination, SOCKADDR_LL_SIZE);
            }
        } catch (LastErrorException e) {
            throw new IOException("packet socket on " + device + ": errno " + e.getErrorCode(), e);
        } catch (UnsatisfiedLinkError e) {
            throw new IOException("packet socket on " + device + ": libc not reachable: " + e.getMessage(), e);
        }
    }

    private static NetworkInterface find(String device) throws IOException {
        try {
            NetworkInterface found = NetworkInterface.getByName(device);
            if (found == null) {
                throw new IOException("no interface " + device + " in this network namespace");
            }
            return found;
        } catch (SocketException e) {
            throw new IOException("cannot look up interface " + device + ": " + e.getMessage(), e);
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
        address.setShort(2, networkOrder(ArpAnnouncement.ETHERTYPE_ARP));
        address.setInt(4, interfaceIndex);
        return address;
    }

    /** A 16-bit value as it must lie in memory in network byte order, read back in this machine's order. */
    private static short networkOrder(int value) {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? (short) value : Short.reverseBytes((short) value);
    }
}
