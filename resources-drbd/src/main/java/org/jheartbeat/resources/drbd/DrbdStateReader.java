package org.jheartbeat.resources.drbd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;

/**
 * Learns a resource's state from whichever DRBD generation runs: /proc/drbd for 0.7 and 8.x;
 * {@code drbdsetup status --json} for 9.x, or {@code drbdadm status} where drbdsetup predates its JSON output.
 */
final class DrbdStateReader {

    private final CommandRunner commands;
    private final DrbdSettings settings;

    DrbdStateReader(CommandRunner commands, DrbdSettings settings) {
        this.commands = commands;
        this.settings = settings;
    }

    /**
     * @param minors the resource's device minors on this node, as drbd.conf gives them (0.7/8.x only)
     * @throws DrbdStateException when /proc/drbd or the tool's output is unreadable or not understood
     * @throws java.io.UncheckedIOException when the tool is not installed
     */
    DrbdState read(String resource, List<Integer> minors, Duration timeout) {
        ProcDrbd proc = readProcDrbd();
        if (proc.reportsResourcesElsewhere()) {
            return fromDrbd9Tools(resource, timeout);
        }
        if (minors.isEmpty()) {
            throw new DrbdStateException(settings.config() + ": resource " + resource
                    + " has no device on this node, so its line in " + settings.procDrbd() + " is unknown");
        }
        return DrbdState.combine(minors.stream().map(proc::device).toList());
    }

    private ProcDrbd readProcDrbd() {
        try {
            return ProcDrbd.parse(Files.readString(settings.procDrbd()), settings.procDrbd().toString());
        } catch (NoSuchFileException e) {
            // No DRBD module loaded: every resource is down, as heartbeat's drbddisk sees it too.
            return new ProcDrbd(Optional.empty(), Map.of());
        } catch (IOException e) {
            throw new DrbdStateException("cannot read " + settings.procDrbd() + ": " + e.getMessage(), e);
        }
    }

    private DrbdState fromDrbd9Tools(String resource, Duration timeout) {
        CommandResult json = commands.run(Command.of(timeout, settings.drbdsetup(), "status", "--json", resource));
        if (json.succeeded()) {
            return Drbd9Status.fromJson(json.stdout(), resource, json.command().display());
        }
        if (json.stderr().contains("No such resource")) {
            return DrbdState.unconfigured();
        }
        if (!json.timedOut() && json.stderr().contains("--json")) {
            // drbd-utils before 9.x's JSON output reject the option; their text status says the same.
            CommandResult text = commands.run(Command.of(timeout, settings.drbdadm(), "status", resource));
            if (text.succeeded()) {
                return Drbd9Status.fromText(text.stdout(), resource, text.command().display());
            }
            throw new DrbdStateException("cannot learn the state of " + resource + ": " + text.describe());
        }
        throw new DrbdStateException("cannot learn the state of " + resource + ": " + json.describe());
    }
}
