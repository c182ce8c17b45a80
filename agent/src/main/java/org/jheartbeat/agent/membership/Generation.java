package org.jheartbeat.agent.membership;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * This node's generation: a number raised at every start of the agent and kept on disk, so that each run of a node
 * signs its packets with a larger generation than every earlier run, whatever its clock says. Peers tell a restart
 * (a larger generation) from a replay of an earlier run (a smaller one) by it ({@link ReplayWindow}).
 *
 * <p>It is heartbeat's own file and format, {@code /var/lib/heartbeat/hb_generation} unless the settings name another:
 * the number right-aligned in 15 characters and a newline, written synchronously; a node that ran heartbeat keeps
 * counting up from heartbeat's last generation. A missing or unreadable file starts from the clock's seconds, as
 * heartbeat starts.
 */
public final class Generation {

    private static final int WIDTH = 15;

    private Generation() {
    }

    /**
     * Reads the generation, raises it by one, writes it back to the disk, and returns it.
     *
     * @throws IOException naming the file when it cannot be written
     */
    public static long raise(Path file, Clock clock) throws IOException {
        long next = previous(file).orElse(clock.millis() / 1000) + 1;
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] line = String.format("%" + WIDTH + "d\n", next).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(line));
            channel.force(true);
        }
        return next;
    }

    private static java.util.OptionalLong previous(Path file) {
        try {
            return java.util.OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }
}
