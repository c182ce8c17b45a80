package org.jheartbeat.resources.ipaddr;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;

/**
 * IPv6 through {@code ndisc6} (Debian package {@code ndisc6}) for the duplicate check, a neighbour
 * solicitation that exits 0 with the answer's link-layer address or 2 with "No response.", and
 * {@code send_ua} (Debian package {@code resource-agents}, the tool heartbeat's IPv6addr uses) for
 * unsolicited neighbour advertisements; bookworm's ndisc6 has no sender of unsolicited advertisements.
 * {@code send_ua} waits its interval after the last packet, so rounds run it with a 1 ms interval.
 */
public final class NdiscTools implements SegmentTools {

    private static final Pattern ANSWER = Pattern.compile("Target link-layer address: ((?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2})");
    private static final int NO_RESPONSE = 2;

    private final String ndisc6;
    private final String sendUa;

    public NdiscTools(String ndisc6, String sendUa) {
        this.ndisc6 = ndisc6;
        this.sendUa = sendUa;
    }

    @Override
    public Command probe(AddressAssignment placement, Duration wait, Duration timeout) {
        return Command.of(timeout, ndisc6, "-1", "-r", "2", "-w", Long.toString(Math.max(1, wait.dividedBy(2).toMillis())),
                placement.address().getHostAddress(), placement.device());
    }

    @Override
    public ProbeAnswer readProbe(CommandResult result) {
        Matcher answer = ANSWER.matcher(result.stdout());
        if (result.succeeded() && answer.find()) {
            return new ProbeAnswer.Holder(answer.group(1).toLowerCase(Locale.ROOT));
        }
        if (!result.timedOut() && result.exitCode() == NO_RESPONSE && (result.stdout() + result.stderr()).contains("No response")) {
            return new ProbeAnswer.Nobody();
        }
        return new ProbeAnswer.Unknown(result.describe());
    }

    @Override
    public List<Command> announcementRound(AddressAssignment placement, Duration timeout) {
        return List.of(Command.of(timeout, sendUa, "-i", "1", "-c", "1", placement.address().getHostAddress(),
                Integer.toString(placement.prefixLength()), placement.device()));
    }

    @Override
    public boolean announced(CommandResult result) {
        return result.succeeded();
    }

    @Override
    public List<Command> presenceChecks(Duration timeout) {
        return List.of(Command.of(timeout, ndisc6, "-V"), Command.of(timeout, sendUa, "-h"));
    }
}
