package org.jheartbeat.testsupport.host;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jheartbeat.resource.host.NetInterface;
import org.jheartbeat.resource.host.Network;

/**
 * A node's {@link Network} in memory, refusing what the kernel refuses: an address added to a missing interface or
 * one that already holds it, an address deleted that is not there. Frames sent are kept, one line each
 * ({@code eth0 ffffffffffff02fc...}), for the test to read ({@link #sent}).
 */
public final class FakeNetwork implements Network {

    private final Map<String, NetInterface> interfaces = new LinkedHashMap<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();

    /** A network with these interfaces and their addresses. */
    public FakeNetwork(NetInterface... interfaces) {
        for (NetInterface link : interfaces) {
            this.interfaces.put(link.name(), link);
        }
    }

    @Override
    public synchronized List<NetInterface> interfaces() {
        return List.copyOf(interfaces.values());
    }

    @Override
    public synchronized void add(NewAddress address) throws IOException {
        NetInterface link = existing(address.device(), "add " + address);
        if (link.find(address.address()).isPresent()) {
            throw new IOException("cannot add " + address + ": the kernel answered File exists (errno 17)");
        }
        List<NetInterface.Address> addresses = new ArrayList<>(link.addresses());
        addresses.add(new NetInterface.Address(address.address(), address.prefixLength(), address.label(), false,
                false));
        interfaces.put(link.name(), new NetInterface(link.name(), link.mac(), addresses));
    }

    @Override
    public synchronized void delete(InetAddress address, int prefixLength, String device) throws IOException {
        NetInterface link = existing(device, "delete " + address.getHostAddress());
        List<NetInterface.Address> addresses = new ArrayList<>(link.addresses());
        if (!addresses.removeIf(held -> held.address().equals(address) && held.prefixLength() == prefixLength)) {
            throw new IOException("cannot delete " + address.getHostAddress() + "/" + prefixLength + " dev " + device
                    + ": the kernel answered Cannot assign requested address (errno 99)");
        }
        interfaces.put(link.name(), new NetInterface(link.name(), link.mac(), addresses));
    }

    @Override
    public synchronized void send(String device, List<byte[]> frames) throws IOException {
        existing(device, "send frames");
        frames.forEach(frame -> sent.add(device + " " + HexFormat.of().formatHex(frame)));
    }

    /** The frames sent so far, in order, each as its device and its bytes in hex. */
    public List<String> sent() {
        return List.copyOf(sent);
    }

    private NetInterface existing(String device, String what) throws IOException {
        NetInterface link = interfaces.get(device);
        if (link == null) {
            throw new IOException("cannot " + what + ": no interface " + device + " here");
        }
        return link;
    }
}
