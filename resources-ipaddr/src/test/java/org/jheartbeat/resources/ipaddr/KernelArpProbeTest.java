package org.jheartbeat.resources.ipaddr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kernel's ARP as a duplicate check: what the neighbour table says before and after the datagram. */
class KernelArpProbeTest {

    private static final Duration WAIT = Duration.ofMillis(20);
    private final AddressAssignment placement = new AddressAssignment(address("10.79.0.100"), 24, "eth0",
            Optional.empty(), Optional.empty());

    /** A table whose entry for the address appears, as the kernel's does, only after the datagram was sent. */
    private static final class ScriptedTable implements NeighbourTable {
        Optional<Neighbour> before = Optional.empty();
        Optional<Neighbour> after = Optional.empty();
        final List<InetAddress> solicited = new ArrayList<>();
        boolean broken;

        @Override
        public Optional<Neighbour> find(InetAddress address, String device) throws IOException {
            if (broken) {
                throw new IOException("/proc/net/arp: Permission denied");
            }
            return solicited.isEmpty() ? before : after;
        }

        @Override
        public void solicit(InetAddress address) {
            solicited.add(address);
        }
    }

    private final ScriptedTable table = new ScriptedTable();
    private final KernelArpProbe probe = new KernelArpProbe(table);

    @Test
    void anAnswerToTheKernelsRequestIsAHolderWithItsAddress() throws Exception {
        table.after = Optional.of(new NeighbourTable.Neighbour(true, "f2:63:54:c5:33:50"));

        long start = System.nanoTime();
        assertThat(probe.ask(placement, Duration.ofSeconds(5))).contains(new ProbeAnswer.Holder("f2:63:54:c5:33:50"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("an answer ends the wait").isLessThan(Duration.ofSeconds(5));
        assertThat(table.solicited).containsExactly(placement.address());
    }

    @Test
    void aRequestStillUnansweredAtTheEndOfTheWaitMeansNobody() throws Exception {
        table.after = Optional.of(new NeighbourTable.Neighbour(false, "00:00:00:00:00:00"));

        assertThat(probe.ask(placement, WAIT)).contains(new ProbeAnswer.Nobody());
    }

    @Test
    void anEntryThatWasThereBeforeCannotTellAndNothingIsSent() throws Exception {
        table.before = Optional.of(new NeighbourTable.Neighbour(true, "f2:63:54:c5:33:50"));

        assertThat(probe.ask(placement, WAIT)).isEmpty();
        assertThat(table.solicited).isEmpty();
    }

    @Test
    void noEntryAfterTheDatagramMeansTheKernelAskedElsewhereAndCannotTell() throws Exception {
        assertThat(probe.ask(placement, WAIT)).as("the address is not on a subnet of eth0: a gateway was asked").isEmpty();
    }

    @Test
    void anUnreadableTableCannotTell() throws Exception {
        table.broken = true;

        assertThat(probe.ask(placement, WAIT)).isEmpty();
    }

    @Test
    void theRecordedTableShowsTheAnsweredAndTheUnansweredAddress() {
        List<String> lines = org.jheartbeat.testsupport.Recorded.run("proc-net-arp-after-asking").stdout().lines().toList();

        assertThat(ProcNetArp.parse(lines, "10.79.0.100", "eth0"))
                .hasValueSatisfying(entry -> assertThat(entry.complete()).isTrue());
        assertThat(ProcNetArp.parse(lines, "10.79.0.101", "eth0"))
                .contains(new NeighbourTable.Neighbour(false, "00:00:00:00:00:00"));
        assertThat(ProcNetArp.parse(lines, "10.79.0.100", "eth1")).as("another interface's entry").isEmpty();
        assertThat(ProcNetArp.parse(lines, "10.79.0.102", "eth0")).isEmpty();
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
