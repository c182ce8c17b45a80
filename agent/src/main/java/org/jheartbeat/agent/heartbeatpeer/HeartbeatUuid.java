package org.jheartbeat.agent.heartbeatpeer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * This node's uuid as heartbeat keeps it: the 16 bytes of {@code hb_uuid} beside {@code hb_generation}, made once
 * (random) and kept, so that a heartbeat peer's hostcache, which ties node names to uuids, sees the same uuid under
 * this node's name at every start. A node that ran heartbeat keeps heartbeat's uuid.
 */
public final class HeartbeatUuid {

    static final String FILE_NAME = "hb_uuid";
    private static final int LENGTH = 16;

    private HeartbeatUuid() {
    }

    /** {@code hb_uuid} in the directory of this node's generation file. */
    public static Path besideGeneration(Path generationFile) {
        return generationFile.toAbsolutePath().resolveSibling(FILE_NAME);
    }

    /**
     * The uuid the file holds, or a new random one written to it (synchronously) when it is missing or shorter than
     * 16 bytes, as heartbeat does.
     *
     * @throws IOException naming the file when a new uuid cannot be written
     */
    public static byte[] loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            byte[] held = Files.readAllBytes(file);
            if (held.length >= LENGTH) {
                return java.util.Arrays.copyOf(held, LENGTH);
            }
        }
        UUID random = UUID.randomUUID();
        byte[] uuid = ByteBuffer.allocate(LENGTH).putLong(random.getMostSignificantBits())
                .putLong(random.getLeastSignificantBits()).array();
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(uuid));
            channel.force(true);
        } catch (IOException e) {
            throw new IOException("cannot write this node's heartbeat uuid to " + file + ": " + e.getMessage(), e);
        }
        return uuid;
    }
}
