package org.jheartbeat.resources.drbd;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.host.Host;

/**
 * Learns a resource's state from whichever DRBD generation runs: /proc/drbd for 0.7 and 8.x;
 * {@code drbdsetup status --json} for 9.x, or {@code drbdadm status} where drbdsetup predates its JSON output.
 */
final class DrbdStateReader {

    /** /proc/drbd lists a line or two for each minor; far more than any node has is still small. */
    private static final int PROC_DRBD_LIMIT_BYTES = 1 << 20;

    private final OperationTools tools;
    private final Host host;
    private final DrbdSettings settings;

    DrbdStateReader(OperationTools tools, Host host, DrbdSettings settings) {
        this.tools = tools;
        this.host = host;
        this.settings = settings;
    }

    /**
     * @param minors the resource's device minors on this node, as drbd.conf gives them (0.7/8.x only)
     * @throws DrbdStateException when /proc/drbd or the tool's output is unreadable or not understood
     * @throws OperationAbort     when the tool is not installed or no time is left to run it
     */
    DrbdState read(String resource, List<Integer> minors, Deadline deadline) throws OperationAbort {
        ProcDrbd proc = readProcDrbd();
        if (proc.reportsResourcesElsewhere()) {
            return fromDrbd9Tools(resource, deadline);
        }
        if (minors.isEmpty()) {
            throw new DrbdStateException(settings.config() + ": resource " + resource
                    + " has no device on this node, so its line in " + settings.procDrbd() + " is unknown");
        }
        return DrbdState.combine(minors.stream().map(proc::device).toList());
    }

    private ProcDrbd readProcDrbd() {
        if (!host.exists(settings.procDrbd())) {
            // No DRBD module loaded: every resource is down, as heartbeat's drbddisk sees it too.
            return new ProcDrbd(Optional.empty(), Map.of());
        }
        String text = host.readTail(settings.procDrbd(), PROC_DRBD_LIMIT_BYTES).orElseThrow(
                () -> new DrbdStateException("cannot read " + settings.procDrbd()));
        return ProcDrbd.parse(text, settings.procDrbd().toString());
    }

    private DrbdState fromDrbd9Tools(String resource, Deadline deadline) throws OperationAbort {
        CommandResult json = tools.run(deadline, settings.drbdsetup(), "status", "--json", resource);
        if (json.succeeded()) {
            return Drbd9Status.fromJson(json.stdout(), resource, json.command().display());
        }
        if (json.stderr().contains("No such resource")) {
            return DrbdState.unconfigured();
        }
        if (!json.timedOut() && json.stderr().contains("--json")) {
            // drbd-utils before 9.x's JSON output reject the option; their text status says the same.
            CommandResult text = tools.run(deadline, settings.drbdadm(), "status", resource);
            if (text.succeeded()) {
                return Drbd9Status.fromText(text.stdout(), resource, text.command().display());
            }
            tools.logFailure(text);
            throw new DrbdStateException("cannot learn the state of " + resource + ": " + text.describe());
        }
        tools.logFailure(json);
        throw new DrbdStateException("cannot learn the state of " + resource + ": " + json.describe());
    }
}
