package org.jheartbeat.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Thousands of mutated and random configurations: the loader must answer each with a config or with problems
 * that carry a location, never with an exception, and never hang (each try is bounded far above its normal
 * few milliseconds, to catch a loop that never ends, not to measure speed).
 */
class ConfigFuzzTest {

    private static final Duration HANG = Duration.ofSeconds(10);
    private static final Pattern LOCATED = Pattern.compile(".+(:\\d+)?: .+");
    private static final List<String> WORDS = List.of("keepalive", "deadtime", "warntime", "initdead", "udpport",
            "bcast", "mcast", "ucast", "node", "auto_failback", "logfacility", "ping", "ping_group", "respawn",
            "crm", "realtime", "auth", "sha1", "md5", "crc", "master", "slave", "eth0", "239.192.0.1", "10.0.0.1",
            "IPaddr::10.0.0.1/24/eth0", "drbddisk::r0", "::", "\\", "#", "1", "2", "200ms", "0", "-1", "on", "off",
            "legacy", "jheartbeat", "{", "}", "=", "\"", "monitor.interval", "${x}", "\t", "\u00e9", "\u0000");

    private Path dir;

    @BeforeProperty
    void createDirectory() throws IOException {
        dir = Files.createTempDirectory("config-fuzz");
    }

    @AfterProperty
    void removeDirectory() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Property(tries = 3000)
    void anyConfigurationGivesAConfigOrLocatedProblems(@ForAll("haCf") String haCf,
                                                       @ForAll("haresources") String haresources,
                                                       @ForAll("authkeys") String authkeys,
                                                       @ForAll("settings") String settings) throws IOException {
        Files.writeString(dir.resolve("ha.cf"), haCf);
        Files.writeString(dir.resolve("haresources"), haresources);
        Files.writeString(dir.resolve("authkeys"), authkeys);
        Files.setPosixFilePermissions(dir.resolve("authkeys"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("jheartbeat.conf"), settings);

        ConfigSources sources = ConfigSources.defaults().withConfigDir(dir).withLocalNode("master")
                .withSettingsFile(dir.resolve("jheartbeat.conf"));
        ConfigLoader.Result result = assertTimeoutPreemptively(HANG,
                () -> new ConfigLoader(getClass().getClassLoader()).load(sources));

        assertThat(result.config().isPresent()).isEqualTo(result.errors().isEmpty());
        for (ConfigProblem problem : result.problems()) {
            assertThat(problem.location().file()).as("problem names a file").isNotNull();
            assertThat(problem.location().file().startsWith(dir)).as("%s is in the config dir", problem).isTrue();
            assertThat(problem.toString()).matches(LOCATED);
            assertThat(problem.message()).isNotBlank().doesNotContain("Exception");
        }
    }

    @Provide
    Arbitrary<String> haCf() {
        return Arbitraries.oneOf(mutated(ConfigDir.HA_CF), randomLines());
    }

    @Provide
    Arbitrary<String> haresources() {
        return Arbitraries.oneOf(mutated(ConfigDir.HARESOURCES), randomLines());
    }

    @Provide
    Arbitrary<String> authkeys() {
        return Arbitraries.oneOf(mutated(ConfigDir.AUTHKEYS), randomLines());
    }

    @Provide
    Arbitrary<String> settings() {
        return Arbitraries.oneOf(mutated("jheartbeat {\n  monitor { interval = 5s }\n  fencing.method = halt\n}\n"),
                randomLines(), Arbitraries.just(""));
    }

    /** A valid file with characters deleted, duplicated or replaced at random places. */
    private static Arbitrary<String> mutated(String valid) {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, valid.length() - 1);
        Arbitrary<Character> replacement = Arbitraries.chars().with(" \t\n#:\\{}=\"./-0123456789abcxyz\u00ff");
        Arbitrary<String> once = Combinators.combine(position, replacement, Arbitraries.integers().between(0, 2))
                .as((at, c, kind) -> switch (kind) {
                    case 0 -> valid.substring(0, at) + valid.substring(at + 1);
                    case 1 -> valid.substring(0, at) + c + valid.substring(at);
                    default -> valid.substring(0, at) + c + valid.substring(at + 1);
                });
        return once;
    }

    /** Lines of configuration-ish words in random order. */
    private static Arbitrary<String> randomLines() {
        Arbitrary<String> line = Arbitraries.of(WORDS).list().ofMaxSize(7).map(words -> String.join(" ", words));
        return line.list().ofMaxSize(12).map(lines -> String.join("\n", lines));
    }
}
