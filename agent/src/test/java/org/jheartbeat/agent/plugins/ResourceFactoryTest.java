package org.jheartbeat.agent.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jheartbeat.agent.config.ConfigProblem;
import org.jheartbeat.agent.config.ConfiguredResource;
import org.jheartbeat.agent.config.ResourceGroup;
import org.jheartbeat.agent.config.SourceLocation;
import org.jheartbeat.agent.group.HeartbeatScript;
import org.jheartbeat.agent.scripts.ResourceTypeResolver;
import org.jheartbeat.agent.scripts.ScriptFixtures;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A haresources name that resolves on one node only, as heartbeat 3.0.6 treats it (e2e's missing-script recording:
 * beta cannot locate the script, gives that group up and runs on): the agent is built, the resource fails to start
 * until its script is installed, and then it is the script.
 */
class ResourceFactoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path temp;
    private ScriptFixtures scripts;
    private ResourceFactory factory;

    @BeforeEach
    void setUp() {
        scripts = new ScriptFixtures(temp);
        factory = new ResourceFactory(new ResourceTypeResolver(Map.of(), scripts.directories()),
                new ResourceContext("beta", new ProcessCommandRunner(), new FakeHost(), new FakeNetwork(),
                        new RecordingFencer(), ConfigFactory.empty()));
    }

    private static ResourceGroup group(int line, String... resources) {
        Path haresources = Path.of("/etc/ha.d/haresources");
        return new ResourceGroup("alpha", java.util.Arrays.stream(resources)
                .map(resource -> new ConfiguredResource(ResourceSpec.parse(resource),
                        new SourceLocation(haresources, line))).toList(), new SourceLocation(haresources, line));
    }

    @Test
    void aScriptMissingOnThisNodeIsAWarningAndTheOtherGroupsAreBuilt() {
        scripts.resourceD("webdata");

        ResourceFactory.Result built = factory.create(List.of(group(1, "webdata"), group(2, "onlyalpha::x")));

        assertThat(built.complete()).as("the agent starts").isTrue();
        assertThat(built.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.severity()).isEqualTo(ConfigProblem.Severity.WARNING);
            assertThat(problem.toString()).startsWith("/etc/ha.d/haresources:2: warning: resource onlyalpha::x: type"
                    + " onlyalpha: cannot be resolved: no plugin type of that name; ")
                    .endsWith("; its group fails on this node until it is installed");
        });
        assertThat(built.agents().get("webdata")).singleElement().extracting(Resource::spec)
                .isEqualTo(ResourceSpec.parse("webdata"));
        assertThat(built.agents().get("onlyalpha::x")).hasSize(1);
    }

    @Test
    void untilItsScriptIsInstalledTheResourceFailsToStartHasNothingToStopAndIsNotRunning() {
        Resource missing = factory.create(List.of(group(1, "onlyalpha::x"))).agents().get("onlyalpha::x").get(0);

        OperationResult start = missing.start(TIMEOUT);
        assertThat(start.outcome()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(start.reason()).startsWith("resource onlyalpha::x: type onlyalpha: cannot be resolved:")
                .contains(scripts.directories().resourceD().resolve("onlyalpha") + " does not exist");
        assertThat(missing.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(missing.stop(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(HeartbeatScript.isHeartbeatScript(missing)).as("a site script's contract: no time limit").isTrue();
        assertThat(scripts.calls()).isEmpty();
    }

    @Test
    void onceTheScriptIsInstalledTheResourceRunsIt() {
        Resource late = factory.create(List.of(group(1, "onlyalpha::x"))).agents().get("onlyalpha::x").get(0);
        assertThat(late.start(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_INSTALLED);

        scripts.resourceD("onlyalpha");

        assertThat(late.start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(late.status(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(late.stop(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(scripts.calls()).containsExactly("onlyalpha x status", "onlyalpha x start", "onlyalpha x status",
                "onlyalpha x stop");
    }

    @Test
    void argumentsItsTypeRefusesStillKeepTheAgentFromStarting() {
        scripts.ocf("webdata");

        ResourceFactory.Result built = factory.create(List.of(group(3, "ocf:test:webdata::a=1::a=2")));

        assertThat(built.complete()).isFalse();
        assertThat(built.problems()).singleElement().extracting(ConfigProblem::isError).isEqualTo(true);
    }

    /** A plugin type whose resources find, on this node, what their preflight says: here a missing tool. */
    private static final ResourceType CHECKED = new ResourceType() {
        @Override
        public String name() {
            return "Checked";
        }

        @Override
        public Resource create(ResourceSpec spec, ResourceContext context) {
            return new Resource() {
                @Override
                public ResourceSpec spec() {
                    return spec;
                }

                @Override
                public OperationResult start(Duration timeout) {
                    return OperationResult.success();
                }

                @Override
                public OperationResult stop(Duration timeout) {
                    return OperationResult.success();
                }

                @Override
                public OperationResult status(Duration timeout) {
                    return OperationResult.notRunning("stopped");
                }

                @Override
                public OperationResult validate(Duration timeout) {
                    return OperationResult.success();
                }

                @Override
                public List<String> preflight() {
                    return List.of(spec.arguments().get(0) + " is not installed here");
                }
            };
        }
    };

    @Test
    void aScriptThatIsNotExecutableOrWhoseInterpreterIsMissingIsAWarningAtItsLine() throws Exception {
        Path notExecutable = scripts.resourceD("plainfile");
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
        Path perl = scripts.resourceD("perlscript");
        Files.writeString(perl, "#!/usr/lib/jheartbeat-test/perl -w\nexit 0;\n");

        ResourceFactory.Result built = factory.create(List.of(group(1, "plainfile"), group(2, "perlscript"),
                group(3, "webdata")));

        assertThat(built.complete()).as("the agent starts, as heartbeat would").isTrue();
        assertThat(built.problems()).extracting(ConfigProblem::toString).satisfiesExactly(
                plain -> assertThat(plain).startsWith("/etc/ha.d/haresources:1: warning: resource plainfile: type")
                        .contains(notExecutable + " is not executable"),
                interpreter -> assertThat(interpreter).isEqualTo("/etc/ha.d/haresources:2: warning: resource"
                        + " perlscript: " + perl + " names the interpreter /usr/lib/jheartbeat-test/perl on its first"
                        + " line, which is not installed here: every operation of it fails"),
                webdata -> assertThat(webdata).startsWith("/etc/ha.d/haresources:3: warning: resource webdata: type"
                        + " webdata: cannot be resolved"));
        scripts.resourceD("webdata");
        assertThat(factory.create(List.of(group(3, "webdata"))).problems()).as("a shell script with its shell")
                .isEmpty();
    }

    @Test
    void whatAResourceFindsOnThisNodeIsAWarningAtItsLine() {
        ResourceFactory checking = new ResourceFactory(new ResourceTypeResolver(Map.of("Checked", CHECKED),
                scripts.directories()), new ResourceContext("beta", new ProcessCommandRunner(), new FakeHost(), new FakeNetwork(),
                new RecordingFencer(), ConfigFactory.empty()));

        ResourceFactory.Result built = checking.create(List.of(group(4, "Checked::sometool")));

        assertThat(built.complete()).as("the agent starts, as heartbeat would").isTrue();
        assertThat(built.problems()).extracting(ConfigProblem::toString).containsExactly(
                "/etc/ha.d/haresources:4: warning: resource Checked::sometool: sometool is not installed here");
        assertThat(built.agents().get("Checked::sometool")).hasSize(1);
    }
}
