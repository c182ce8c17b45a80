package org.jheartbeat.agent.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.resource.host.NetInterface;
import org.jheartbeat.resource.host.Network.NewAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LinuxNetwork}'s conversation with the kernel, against the kernel's recorded answers ({@link
 * RtnetlinkRecording}) given the sequence number of each request: the listing read whole across datagrams, answers to
 * an earlier request skipped, the kernel's refusals reported with what was asked. The namespace tests of
 * resources-ipaddr run it against the real kernel.
 */
class LinuxNetworkTest {

    private static final int EEXIST = 17;

    private final Kernel kernel = new Kernel();
    private final LinuxNetwork network = new LinuxNetwork(kernel, Optional.empty(),
            "cannot open a packet socket: Operation not permitted (errno 1)");

    @BeforeEach
    void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "recorded on a little-endian machine");
    }

    @Test
    void theInterfacesAreTheKernelsListingReadWhole() throws Exception {
        List<String> read = new ArrayList<>();
        for (NetInterface link : network.interfaces()) {
            read.add(link.name() + " " + link.mac() + " " + link.addresses().stream()
                    .map(address -> RtnetlinkRecording.describe(address.address().getHostAddress(),
                            address.prefixLength(), address.label(), address.tentative(), address.dadFailed()))
                    .toList());
        }

        assertThat(read).containsExactlyElementsOf(RtnetlinkRecording.printedInterfaces());
    }

    @Test
    void anAnswerToAnEarlierRequestIsSkipped() throws Exception {
        kernel.pending.add(RtnetlinkMessagesTest.error(-5, -EEXIST));

        assertThat(network.interfaces()).extracting(NetInterface::name).containsExactly("lo", "d1", "d0");
    }

    @Test
    void anAddressIsAddedOnTheNamedInterfacesIndex() throws Exception {
        network.add(new NewAddress(InetAddress.getByName("10.79.0.101"), 24, "d0", Optional.empty(),
                Optional.empty(), false));

        byte[] request = kernel.requests.get(kernel.requests.size() - 1);
        assertThat(RtnetlinkRecording.intAt(request, 4) & 0xffff).isEqualTo(RtnetlinkMessages.RTM_NEWADDR);
        assertThat(RtnetlinkRecording.intAt(request, 20)).as("d0's index in the recording").isEqualTo(3);
    }

    @Test
    void aRefusalNamesWhatWasAskedAndTheKernelsAnswer() {
        kernel.changeAnswer = -EEXIST;

        assertThatThrownBy(() -> network.add(new NewAddress(InetAddress.getByName("10.79.0.100"), 24, "d0",
                Optional.of("d0:0"), Optional.of(InetAddress.getByName("10.79.0.255")), false)))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot add 10.79.0.100/24 broadcast 10.79.0.255 dev d0 label d0:0: the kernel answered "
                        + "File exists (errno 17)");
    }

    @Test
    void aMissingInterfaceIsNamedAndNothingIsChanged() {
        assertThatThrownBy(() -> network.delete(InetAddress.getByName("10.79.0.100"), 24, "eth9"))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot delete 10.79.0.100/24 dev eth9: no interface eth9 here");
        assertThat(kernel.requests).allSatisfy(request -> assertThat(RtnetlinkRecording.intAt(request, 4) & 0xffff)
                .isEqualTo(RtnetlinkMessages.RTM_GETLINK));
    }

    @Test
    void framesWithoutAPacketSocketFailWithTheReason() {
        assertThatThrownBy(() -> network.send("d0", List.of(new byte[42])))
                .hasMessage("cannot open a packet socket: Operation not permitted (errno 1)");
    }

    /**
     * The kernel as recorded: a link listing answered with the recorded link datagrams, an address listing with the
     * recorded address datagrams, a change with {@link #changeAnswer}; each answer carries the request's sequence.
     */
    private static final class Kernel implements Datagrams {
        final List<byte[]> requests = new ArrayList<>();
        final Deque<byte[]> pending = new ArrayDeque<>();
        int changeAnswer;
        private final List<List<byte[]>> dumps = splitAtDone(RtnetlinkRecording.datagrams("listing"));

        @Override
        public void send(byte[] datagram) {
            requests.add(datagram);
            int type = RtnetlinkRecording.intAt(datagram, 4) & 0xffff;
            int sequence = RtnetlinkRecording.intAt(datagram, 8);
            if (type == RtnetlinkMessages.RTM_GETLINK || type == RtnetlinkMessages.RTM_GETADDR) {
                for (byte[] answer : dumps.get(type == RtnetlinkMessages.RTM_GETLINK ? 0 : 1)) {
                    pending.add(withSequence(answer, sequence));
                }
            } else {
                pending.add(RtnetlinkMessagesTest.error(sequence, changeAnswer));
            }
        }

        @Override
        public int receive(byte[] buffer) throws IOException {
            if (pending.isEmpty()) {
                throw new IOException("the kernel did not answer within 5000 ms");
            }
            byte[] next = pending.removeFirst();
            System.arraycopy(next, 0, buffer, 0, next.length);
            return next.length;
        }

        @Override
        public void close() {
        }

        /** The recorded datagrams of each listing, its NLMSG_DONE included. */
        private static List<List<byte[]>> splitAtDone(List<byte[]> datagrams) {
            List<List<byte[]>> dumps = new ArrayList<>(List.of(new ArrayList<>()));
            for (byte[] datagram : datagrams) {
                dumps.get(dumps.size() - 1).add(datagram);
                if ((RtnetlinkRecording.intAt(datagram, 4) & 0xffff) == RtnetlinkMessages.NLMSG_DONE) {
                    dumps.add(new ArrayList<>());
                }
            }
            return dumps;
        }

        /** A copy with every message's sequence number set. */
        private static byte[] withSequence(byte[] datagram, int sequence) {
            byte[] copy = datagram.clone();
            ByteBuffer buffer = ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder());
            for (int offset = 0; offset + RtnetlinkMessages.HEADER_BYTES <= copy.length;
                 offset += RtnetlinkMessages.aligned(buffer.getInt(offset))) {
                buffer.putInt(offset + 8, sequence);
            }
            return copy;
        }
    }
}
