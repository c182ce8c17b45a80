package org.jheartbeat.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.agent.fencing.FencingMethod;
import org.jheartbeat.agent.fencing.FencingSettings;
import org.jheartbeat.agent.group.MonitorPolicy;
import org.jheartbeat.agent.group.ResourceOperation;
import org.jheartbeat.agent.group.StopRetryPolicy;
import org.jheartbeat.agent.group.HeartbeatScript;
import org.jheartbeat.agent.group.OperationTimeouts;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    private static final Resource IPADDR = resource("IPaddr::10.0.0.1", false);
    private static final Resource FILESYSTEM = resource("Filesystem::/dev/drbd0::/data::ext3", false);
    private static final Resource SITE_SCRIPT = resource("mydb::main", true);
    private static final Resource OTHER_SCRIPT = resource("apache2", true);

    /** A resource of the given haresources spelling; a heartbeat resource.d or init.d script when {@code script}. */
    private static Resource resource(String spelling, boolean script) {
        Resource resource = mock(Resource.class, withSettings().extraInterfaces(HeartbeatScript.class));
        when(resource.spec()).thenReturn(ResourceSpec.parse(spelling));
        when(((HeartbeatScript) resource).heartbeatScript()).thenReturn(script);
        return resource;
    }

    @TempDir
    Path dir;

    private Problems problems;

    private Optional<Settings> load(String text) throws IOException {
        Path file = dir.resolve("jheartbeat.conf");
        Files.writeString(file, text);
        problems = new Problems();
        return SettingsLoader.load(file, getClass().getClassLoader(), problems);
    }

    private List<String> errors() {
        return problems.list().stream().filter(ConfigProblem::isError)
                .map(p -> p.toString().substring(dir.toString().length() + 1)).toList();
    }

    @Test
    void missingFileMeansDefaults() {
        problems = new Problems();
        Settings settings = SettingsLoader.load(dir.resolve("absent.conf"), getClass().getClassLoader(), problems)
                .orElseThrow();

        assertThat(problems.list()).isEmpty();
        assertThat(settings.controlSocket()).isEqualTo(Path.of("/run/jheartbeat/control.sock"));
        assertThat(settings.groups().timeout(IPADDR, ResourceOperation.START)).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.groups().monitor()).isEqualTo(new MonitorPolicy(true, Duration.ofSeconds(10), 3,
                Duration.ofHours(1)));
        assertThat(settings.groups().stopRetries()).isEqualTo(new StopRetryPolicy(10, Duration.ofSeconds(1)));
        assertThat(settings.fencing()).as("no method: heartbeat's for each cause").isEqualTo(
                new FencingSettings(java.util.Optional.empty(), List.of(), Duration.ofSeconds(30), Duration.ofSeconds(5)));
        assertThat(settings.metrics().prometheus()).isFalse();
        assertThat(settings.transport().stackFile()).isEmpty();
    }

    @Test
    void siteValuesOverrideDefaults() throws IOException {
        Settings settings = load("""
                jheartbeat {
                  operations.by-type.Filesystem.stop = 120s
                  monitor { interval = 5s, max-restarts = 0 }
                  fencing { method = command, command = ["/usr/local/sbin/fence-me", "--now"] }
                  metrics.prometheus.enabled = true
                }
                """).orElseThrow();

        assertThat(settings.groups().timeout(FILESYSTEM, ResourceOperation.STOP)).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.groups().timeout(FILESYSTEM, ResourceOperation.START)).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.groups().timeout(IPADDR, ResourceOperation.STOP)).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.groups().monitor().maxRestarts()).isZero();
        assertThat(settings.fencing().command()).containsExactly("/usr/local/sbin/fence-me", "--now");
        assertThat(settings.fencing().method()).contains(FencingMethod.COMMAND);
        assertThat(settings.metrics().prometheus()).isTrue();
    }

    @Test
    void siteScriptsHaveNoTimeLimitAndAreNotWatchedUnlessTheSiteSaysSo() throws IOException {
        Settings defaults = load("jheartbeat {}\n").orElseThrow();
        assertThat(defaults.groups().timeout(SITE_SCRIPT, ResourceOperation.STOP)).isEqualTo(OperationTimeouts.UNBOUNDED);
        assertThat(defaults.groups().timeout(SITE_SCRIPT, ResourceOperation.START)).isEqualTo(OperationTimeouts.UNBOUNDED);
        assertThat(defaults.groups().monitors(SITE_SCRIPT)).isFalse();
        assertThat(defaults.groups().monitors(IPADDR)).isTrue();

        Settings optedIn = load("""
                jheartbeat {
                  operations.by-type.mydb { start = 5m, stop = 10m }
                  monitor.scripts = [mydb]
                }
                """).orElseThrow();
        assertThat(optedIn.groups().timeout(SITE_SCRIPT, ResourceOperation.STOP)).isEqualTo(Duration.ofMinutes(10));
        assertThat(optedIn.groups().timeout(SITE_SCRIPT, ResourceOperation.STATUS)).isEqualTo(Duration.ofSeconds(20));
        assertThat(optedIn.groups().monitors(SITE_SCRIPT)).isTrue();
        assertThat(optedIn.groups().monitors(OTHER_SCRIPT)).isFalse();
        assertThat(optedIn.groups().timeout(OTHER_SCRIPT, ResourceOperation.STOP)).isEqualTo(OperationTimeouts.UNBOUNDED);
    }

    @Test
    void unknownKeysAreErrorsWithTheirLine() throws IOException {
        assertThat(load("jheartbeat {\n  monitor.intervall = 5s\n}\ncontrol-socket = /tmp/x\n")).isEmpty();

        assertThat(errors()).containsExactly(
                "jheartbeat.conf:2: unknown setting jheartbeat.monitor.intervall (did you mean 'jheartbeat.monitor.interval'?)",
                "jheartbeat.conf:4: unknown setting control-socket (settings go inside jheartbeat { ... })");
    }

    @Test
    void wrongTypesAreErrorsWithTheirLine() throws IOException {
        assertThat(load("jheartbeat.monitor.interval = often\njheartbeat.monitor.enabled = maybe\n")).isEmpty();

        assertThat(errors()).hasSize(2);
        assertThat(errors().get(0)).startsWith("jheartbeat.conf:1: jheartbeat.monitor.interval:");
        assertThat(errors().get(1)).startsWith("jheartbeat.conf:2: jheartbeat.monitor.enabled:");
    }

    @Test
    void valuesAreChecked() throws IOException {
        assertThat(load("""
                jheartbeat.fencing.method = command
                jheartbeat.operations.start = 0s
                jheartbeat.operations.by-type.IPaddr.restart = 5s
                jheartbeat.metrics.prometheus.port = 70000
                """)).isEmpty();

        assertThat(errors()).containsExactlyInAnyOrder(
                "jheartbeat.conf:1: fencing.method = command needs fencing.command = [\"/path/to/program\", ...]",
                "jheartbeat.conf:2: operations.start must be longer than zero",
                "jheartbeat.conf:3: operations.by-type.IPaddr: unknown operation 'restart' (start, stop or status)",
                "jheartbeat.conf:4: metrics.prometheus.port 70000 is not a port number (1-65535)");
    }

    @Test
    void aFencingMethodThatIsNotAWordIsAnErrorAtItsLine() throws IOException {
        assertThat(load("jheartbeat {\n  fencing.method = [halt]\n}\n")).isEmpty();
        assertThat(errors()).singleElement().asString().startsWith("jheartbeat.conf:2: jheartbeat.fencing.method: ");
    }

    @Test
    void unknownFencingMethod() throws IOException {
        assertThat(load("jheartbeat.fencing.method = shoot\n")).isEmpty();
        assertThat(errors()).containsExactly("jheartbeat.conf:1: fencing.method: unknown fencing method 'shoot', "
                + "expected one of halt, poweroff, reboot, command");
    }

    @Test
    void aSubstitutionThatNamesNothingIsAnErrorWithItsLine() throws IOException {
        assertThat(load("jheartbeat {\n  monitor.interval = ${nowhere}\n}\n")).isEmpty();
        assertThat(errors()).singleElement().asString().startsWith("jheartbeat.conf:2: ")
                .contains("${nowhere}");
    }

    @Test
    void syntaxErrorHasItsLine() throws IOException {
        assertThat(load("jheartbeat {\n  monitor {\n    interval = \n}\n")).isEmpty();
        assertThat(errors()).singleElement().asString().startsWith("jheartbeat.conf:");
    }
}
