package org.jheartbeat.resources.ipaddr;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link NeighbourTable} of the kernel this agent runs on: {@code /proc/net/arp} (address, hardware type, flags,
 * hardware address, mask, device; flag 0x2 marks a complete entry), and an empty UDP datagram to the discard port,
 * which the kernel holds back until the address resolves and then delivers (a closed port at most answers with an
 * ICMP error).
 */
final class ProcNetArp implements NeighbourTable {

    private static final Path TABLE = Path.of("/proc/net/arp");
    private static final int COMPLETE = 0x2;
    private static final int DISCARD_PORT = 9;

    private final Path table;

    ProcNetArp() {
        this(TABLE);
    }

    ProcNetArp(Path table) {
        this.table = table;
    }

    @Override
    public Optional<Neighbour> find(InetAddress address, String device) throws IOException {
        return parse(Files.readAllLines(table), address.getHostAddress(), device);
    }

    static Optional<Neighbour> parse(List<String> lines, String address, String device) {
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 6 && fields[0].equals(address) && fields[5].equals(device)) {
                int flags = Integer.decode(fields[2]);
                return Optional.of(new Neighbour((flags & COMPLETE) != 0, fields[3].toLowerCase(Locale.ROOT)));
            }
        }
        return Optional.empty();
    }

    @Override
    public void solicit(InetAddress address) throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.send(ByteBuffer.allocate(0), new InetSocketAddress(address, DISCARD_PORT));
        }
    }
}
