package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The memory benchmark's floor runs with the flags and environment it reads from the agent's launcher, the one the .deb
 * installs.
 */
class LauncherFlagsTest {

    @Test
    void readsEveryJvmOptionOfTheLauncherAndNothingElse() throws Exception {
        List<String> flags = MemoryFootprint.launcherFlags(Path.of("../packaging/src/main/bin/jheartbeat"));

        assertThat(flags).contains("-XX:+UseSerialGC", "-Xlog:cds=off", "-Djheartbeat.log.level=INFO")
                .allMatch(flag -> flag.startsWith("-") && !flag.contains("$"))
                .doesNotContain("-cp", "\\");
    }

    @Test
    void readsTheVariablesTheLauncherExportsWithItsOwnDefault() throws Exception {
        assertThat(MemoryFootprint.launcherEnvironment(Path.of("../packaging/src/main/bin/jheartbeat")))
                .containsExactly(Map.entry("MALLOC_ARENA_MAX", "1"));
    }
}
