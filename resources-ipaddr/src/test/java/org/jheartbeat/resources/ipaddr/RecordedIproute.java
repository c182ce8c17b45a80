package org.jheartbeat.resources.ipaddr;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.host.NetInterface;
import org.jheartbeat.resource.host.Network;

/**
 * The {@link Network} of the unit tests: the interfaces as iproute2 printed them on Debian 12 inside network
 * namespaces ({@code src/test/resources/recorded/record.sh}), replayed through a fake command runner. Every call is
 * one command line in the runner's log ({@code ip -j addr show}, {@code ip addr add ...}), so a test reads what the
 * resource asked of the network in order with its tools; a command that failed in the recording fails the call with
 * its message. Frames are kept per device when {@link #sendingFrames} says so; otherwise sending fails as it does
 * where the agent has no packet socket, and the tool sends the first announcement.
 */
final class RecordedIproute implements Network {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final CommandRunner runner;
    private final boolean sendingFrames;
    private final List<String> sent = new CopyOnWriteArrayList<>();

    RecordedIproute(CommandRunner runner, boolean sendingFrames) {
        this.runner = runner;
        this.sendingFrames = sendingFrames;
    }

    /** Frames sent, each as its device and its bytes in hex. */
    List<String> sent() {
        return List.copyOf(sent);
    }

    @Override
    public List<NetInterface> interfaces() throws IOException {
        CommandResult result = require(List.of("ip", "-j", "addr", "show"));
        return links(result.stdout(), result.command().display());
    }

    @Override
    public void add(NewAddress address) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "addr", "add",
                address.address().getHostAddress() + "/" + address.prefixLength()));
        address.broadcast().ifPresent(to -> argv.addAll(List.of("broadcast", to.getHostAddress())));
        argv.addAll(List.of("dev", address.device()));
        address.label().ifPresent(label -> argv.addAll(List.of("label", label)));
        if (address.skipDuplicateDetection()) {
            argv.add("nodad");
        }
        require(argv);
    }

    @Override
    public void delete(InetAddress address, int prefixLength, String device) throws IOException {
        require(List.of("ip", "addr", "del", address.getHostAddress() + "/" + prefixLength, "dev", device));
    }

    @Override
    public void send(String device, List<byte[]> frames) throws IOException {
        if (!sendingFrames) {
            throw new IOException("cannot open a packet socket: Operation not permitted (errno 1)");
        }
        frames.forEach(frame -> sent.add(device + " " + HexFormat.of().formatHex(frame)));
    }

    private CommandResult require(List<String> argv) throws IOException {
        CommandResult result = runner.run(Command.of(TIMEOUT, argv));
        if (result.exitCode() != 0) {
            throw new IOException(result.command().display() + " failed: " + result.stderr().strip());
        }
        return result;
    }

    /** {@code ip -j addr show}: every link with its addresses. */
    static List<NetInterface> links(String json, String source) {
        List<NetInterface> links = new ArrayList<>();
        for (Map<?, ?> link : IpJson.objects(json, source)) {
            String name = IpJson.text(link, "ifname", source);
            List<NetInterface.Address> addresses = new ArrayList<>();
            List<?> entries = link.get("addr_info") instanceof List<?> listed ? listed : List.of();
            for (Map<?, ?> info : IpJson.entriesOf(entries, source)) {
                if (!info.containsKey("local")) {
                    // A bare lifetime record (as iproute2 prints for some address kinds) carries no address.
                    continue;
                }
                if (!(info.get("prefixlen") instanceof Number prefix)) {
                    throw new UnexpectedOutputException(source + " printed an entry without a number field "
                            + "'prefixlen': " + IpJson.abbreviate(info.toString()));
                }
                addresses.add(new NetInterface.Address(
                        IpJson.literal(IpJson.text(info, "local", source), source),
                        prefix.intValue(),
                        Optional.ofNullable(info.get("label") instanceof String label ? label : null),
                        Boolean.TRUE.equals(info.get("tentative")),
                        Boolean.TRUE.equals(info.get("dadfailed"))));
            }
            links.add(new NetInterface(name, link.get("address") instanceof String address ? address : "", addresses));
        }
        return links;
    }
}
