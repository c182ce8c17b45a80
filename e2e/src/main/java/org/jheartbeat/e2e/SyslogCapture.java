package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's own syslog: a {@code /dev} of the node's own (the host's devices linked in) whose {@code /dev/log} is a
 * socket that socat reads, stamping each datagram with the host's clock as it arrives ({@code socat -v}: a line
 * {@code > 2026/12/06 22:28:44.000079453  length=25 from=25 to=49} before each message, the fraction being the
 * microseconds). Every node, every agent and the client's ping share that clock, so what heartbeat 3.0.6 logs (to the
 * second in its own files) can be timed to the millisecond beside jheartbeat.
 */
public final class SyslogCapture {

    /** The file in the node's directory the receiver writes. */
    static final String FILE = "syslog";
    private static final Pattern HEADER = Pattern.compile(
            "> (\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2})\\.(\\d+)  length=(\\d+) from=\\d+ to=\\d+\\n");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    /** One message as it arrived: microseconds since the epoch, and the datagram ({@code <PRI>TIMESTAMP TAG: TEXT}). */
    public record Message(long epochMicros, String text) {
    }

    private SyslogCapture() {
    }

    /** The boot steps that give a node its own /dev/log; {@code nodeDirectory} stands for the node's directory. */
    static List<String> bootSteps(String nodeDirectory) {
        return List.of(
                "mkdir -p /run/host-dev && mount --rbind /dev /run/host-dev"
                        + " && mount -t tmpfs -o mode=755 tmpfs /dev"
                        + " && for d in /run/host-dev/*; do if [ -b \"$d\" ]; then touch \"/dev/${d##*/}\""
                        + " && mount --bind \"$d\" \"/dev/${d##*/}\"; else ln -s \"$d\" /dev/; fi; done",
                "(exec socat -u -v UNIX-RECV:/dev/log,mode=666 OPEN:/dev/null 2>>" + nodeDirectory + "/" + FILE + ") &",
                "for i in $(seq 50); do [ -S /dev/log ] && break; sleep 0.1; done");
    }

    /** Every message the receiver wrote to {@code file} so far, in arrival order; none when there is no file yet. */
    static List<Message> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return parse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the node's syslog " + file, e);
        }
    }

    static List<Message> parse(String text) {
        List<Message> messages = new ArrayList<>();
        Matcher header = HEADER.matcher(text);
        int from = 0;
        while (header.find(from)) {
            String fraction = header.group(2);
            long micros = Long.parseLong(fraction.substring(Math.max(0, fraction.length() - 6)));
            long seconds = LocalDateTime.parse(header.group(1), STAMP).atZone(ZoneId.systemDefault()).toEpochSecond();
            int start = header.end();
            int end = Math.min(text.length(), start + Integer.parseInt(header.group(3)));
            messages.add(new Message(seconds * 1_000_000 + micros, text.substring(start, end).strip()));
            from = end;
        }
        return messages;
    }
}
