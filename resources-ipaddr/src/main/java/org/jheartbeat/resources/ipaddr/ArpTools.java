package org.jheartbeat.resources.ipaddr;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;

/**
 * IPv4 through Thomas Habets' {@code arping} (Debian package {@code arping}). Measured here: it exits 0 when
 * answered and 1 when not, and also 1 on errors, which only its stderr tells apart; {@code -U} without
 * {@code -S ADDR} sends the interface's primary address as sender, which neighbours do not take as an
 * announcement of ADDR; {@code -w 0} sends and exits (≈ 70 ms with process start) where {@code -c 1} alone
 * lingers a second. Each round sends a gratuitous request and a gratuitous reply, as heartbeat's send_arp
 * does, because some neighbours heed only one of the two.
 */
public final class ArpTools implements SegmentTools {

    private static final Pattern ANSWER = Pattern.compile("bytes from ((?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}) \\(");
    private static final String STATISTICS = "packets transmitted";
    private static final int UNANSWERED = 1;

    private final String arping;

    public ArpTools(String arping) {
        this.arping = arping;
    }

    /** An ARP probe from 0.0.0.0 (so no neighbour learns anything from it), twice within the wait, ending at the first answer. */
    @Override
    public Command probe(AddressAssignment placement, Duration wait, Duration timeout) {
        return Command.of(timeout, arping, "-0", "-C", "1", "-c", "2", "-W", seconds(wait.dividedBy(2)),
                "-w", seconds(wait), "-i", placement.device(), placement.address().getHostAddress());
    }

    @Override
    public ProbeAnswer readProbe(CommandResult result) {
        Matcher answer = ANSWER.matcher(result.stdout());
        if (result.succeeded() && answer.find()) {
            return new ProbeAnswer.Holder(answer.group(1).toLowerCase(Locale.ROOT));
        }
        if (!result.timedOut() && result.exitCode() == UNANSWERED && result.stdout().contains(STATISTICS)
                && result.stderr().isBlank()) {
            return new ProbeAnswer.Nobody();
        }
        return new ProbeAnswer.Unknown(result.describe());
    }

    @Override
    public List<Command> announcementRound(AddressAssignment placement, Duration timeout) {
        String address = placement.address().getHostAddress();
        return List.of(
                Command.of(timeout, arping, "-q", "-U", "-S", address, "-c", "1", "-w", "0", "-i", placement.device(), address),
                Command.of(timeout, arping, "-q", "-U", "-P", "-S", address, "-c", "1", "-w", "0", "-i", placement.device(), address));
    }

    /** Nobody answers an announcement, so exit 1 is the normal end; only stderr reveals a failure. */
    @Override
    public boolean announced(CommandResult result) {
        return !result.timedOut() && (result.exitCode() == 0 || result.exitCode() == UNANSWERED)
                && result.stderr().isBlank();
    }

    @Override
    public List<Command> presenceChecks(Duration timeout) {
        return List.of(Command.of(timeout, arping, "-h"));
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
    }
}
