package org.jheartbeat.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** $JOURNAL_STREAM against standard error's device and inode, as systemd.exec(5) documents it. */
class JournalStreamTest {

    @TempDir
    Path dir;

    @Test
    void standardErrorIsTheJournalOnlyWhenItsDeviceAndInodeMatch() throws Exception {
        Path stream = Files.createFile(dir.resolve("stream"));
        Path other = Files.createFile(dir.resolve("other"));
        String deviceAndInode = Files.getAttribute(stream, "unix:dev") + ":" + Files.getAttribute(stream, "unix:ino");

        assertThat(JournalStream.isStandardError(Map.of("JOURNAL_STREAM", deviceAndInode), stream)).isTrue();
        assertThat(JournalStream.isStandardError(Map.of("JOURNAL_STREAM", deviceAndInode), other))
                .as("standard error redirected elsewhere by a shell, under a unit that set JOURNAL_STREAM").isFalse();
        assertThat(JournalStream.isStandardError(Map.of(), stream)).isFalse();
        assertThat(JournalStream.isStandardError(Map.of("JOURNAL_STREAM", "garbage"), stream)).isFalse();
    }
}
