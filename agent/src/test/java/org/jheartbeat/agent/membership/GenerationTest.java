package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generation in heartbeat's own hb_generation file and format, raised at every start whatever the clock says. */
class GenerationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

    @Test
    void continuesFromHeartbeatsFileAndWritesItBackInHeartbeatsFormat(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("hb_generation"), "             41\n");
        assertThat(Generation.raise(file, CLOCK)).isEqualTo(42);
        assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo("             42\n").hasSize(16);
        assertThat(Generation.raise(file, CLOCK)).isEqualTo(43);
    }

    @Test
    void aClockSetBackDoesNotLowerIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lib/heartbeat/hb_generation");
        assertThat(Generation.raise(file, CLOCK)).as("no file yet: the clock's seconds, plus one").isEqualTo(1_700_000_001);
        Clock earlier = Clock.offset(CLOCK, java.time.Duration.ofDays(-400));
        assertThat(Generation.raise(file, earlier)).isEqualTo(1_700_000_002);
    }

    @Test
    void anUnreadableNumberStartsFromTheClockAsHeartbeatDoes(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("hb_generation"), "garbage\n");
        assertThat(Generation.raise(file, CLOCK)).isEqualTo(1_700_000_001);
    }

    @Test
    void aFileThatCannotBeWrittenIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "");
        assertThatThrownBy(() -> Generation.raise(blocker.resolve("hb_generation"), CLOCK))
                .isInstanceOf(IOException.class).hasMessageContaining("not-a-directory");
    }
}
