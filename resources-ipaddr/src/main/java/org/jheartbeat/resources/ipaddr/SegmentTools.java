package org.jheartbeat.resources.ipaddr;

import java.time.Duration;
import java.util.List;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;

/**
 * The neighbour protocol of one address family, spoken through OS tools: ask the segment whether an address
 * is already held (duplicate address detection), and announce that this node now holds it.
 */
public interface SegmentTools {

    /** The command that asks the segment about the address, listening {@code wait} for an answer. */
    Command probe(AddressAssignment placement, Duration wait, Duration timeout);

    ProbeAnswer readProbe(CommandResult result);

    /** The commands of one announcement round, in order; each sends its packets and exits at once. */
    List<Command> announcementRound(AddressAssignment placement, Duration timeout);

    /** Whether one announcement command did its job; tools differ in what their exit codes mean. */
    boolean announced(CommandResult result);

    /** A harmless command that only shows whether the family's tools are installed. */
    List<Command> presenceChecks(Duration timeout);
}
