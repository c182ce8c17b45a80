package org.jheartbeat.agent.heartbeatpeer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatUuidTest {

    @TempDir
    Path dir;

    @Test
    void madeOnceBesideTheGenerationFileAndKept() throws Exception {
        Path file = HeartbeatUuid.besideGeneration(dir.resolve("hb_generation"));
        assertThat(file).isEqualTo(dir.resolve("hb_uuid"));
        byte[] made = HeartbeatUuid.loadOrCreate(file);
        assertThat(made).hasSize(16);
        assertThat(Files.readAllBytes(file)).as("heartbeat's format: the 16 bytes").isEqualTo(made);
        assertThat(HeartbeatUuid.loadOrCreate(file)).isEqualTo(made);
    }

    @Test
    void heartbeatsOwnUuidIsKept() throws Exception {
        byte[] heartbeats = new byte[16];
        for (int i = 0; i < 16; i++) {
            heartbeats[i] = (byte) (0xa0 + i);
        }
        Path file = Files.write(dir.resolve("hb_uuid"), heartbeats);
        assertThat(HeartbeatUuid.loadOrCreate(file)).isEqualTo(heartbeats);
    }
}
