package org.jheartbeat.agent.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Script resources run as real processes through {@link ProcessCommandRunner}. */
class ScriptResourceIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path temp;
    private ScriptFixtures scripts;
    private ResourceTypeResolver resolver;
    private final ResourceContext context = new ResourceContext("node1", new ProcessCommandRunner(), new FakeHost(), new FakeNetwork(),
            new RecordingFencer(), ConfigFactory.empty());

    @BeforeEach
    void setUp() {
        scripts = new ScriptFixtures(temp);
        resolver = new ResourceTypeResolver(java.util.Map.of(), scripts.directories());
    }

    @Test
    void resourceDScriptGetsItsArgumentsBeforeTheActionAndIsAskedForStatusBeforeStart() throws Exception {
        scripts.resourceD("webdata");
        Resource agent = agent("webdata::/srv/www::with space");

        assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(agent.stop(TIMEOUT)).isEqualTo(OperationResult.success());

        assertThat(scripts.calls()).containsExactly(
                "webdata /srv/www with space status",
                "webdata /srv/www with space start",
                "webdata /srv/www with space status",
                "webdata /srv/www with space stop");
    }

    @Test
    void resourceDScriptAlreadyRunningIsNotStartedAgain() throws Exception {
        scripts.resourceD("webdata");
        Resource agent = agent("webdata");
        agent.start(TIMEOUT);
        scripts.clearCalls();

        assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());

        assertThat(scripts.calls()).containsExactly("webdata status");
    }

    @Test
    void resourceDStatusIsReadFromWhatTheScriptPrintsNotItsExitCode() throws Exception {
        assertThat(statusOfScriptPrinting("OK", 0).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(statusOfScriptPrinting("nfsd running", 1).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(statusOfScriptPrinting("Running", 3).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(statusOfScriptPrinting("nfsd NOT running", 0).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(statusOfScriptPrinting("r0 is not currently running", 0).outcome())
                .isEqualTo(Outcome.NOT_RUNNING);
        assertThat(statusOfScriptPrinting("stopped", 0).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(statusOfScriptPrinting("ok", 0).outcome()).as("heartbeat matches OK in capitals only")
                .isEqualTo(Outcome.NOT_RUNNING);
    }

    @Test
    void resourceDStartFailureCarriesTheScriptsComplaint() throws Exception {
        scripts.resourceD("webdata");
        scripts.makeFail("webdata", "start", 1);

        OperationResult result = agent("webdata::/srv/www").start(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).contains("webdata /srv/www start", "exited 1", "start failed on purpose");
    }

    @Test
    void failedStopIsForgivenWhenStatusSaysStopped() throws Exception {
        scripts.resourceD("webdata");
        scripts.makeFail("webdata", "stop", 1);

        assertThat(agent("webdata").stop(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(scripts.calls()).containsExactly("webdata stop", "webdata status");
    }

    @Test
    void failedStopOfARunningResourceFails() throws Exception {
        scripts.resourceD("webdata");
        Resource agent = agent("webdata");
        agent.start(TIMEOUT);
        scripts.makeFail("webdata", "stop", 1);

        OperationResult result = agent.stop(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).contains("stop failed on purpose");
    }

    @Test
    void scriptThatHangsIsKilledAtItsTimeout() throws Exception {
        scripts.resourceD("webdata");
        scripts.makeHang("webdata", "stop");
        long startNanos = System.nanoTime();

        OperationResult result = agent("webdata").stop(Duration.ofMillis(300));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void lsbStatusIsReadByItsWordsAsHeartbeatReadsIt() throws Exception {
        scripts.initD("nfs-kernel-server");
        Resource agent = agent("nfs-kernel-server");

        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.success());
        // An init script without a status action prints its usage on stderr and exits 1: heartbeat reads "stopped".
        scripts.makeFail("nfs-kernel-server", "status", 1);
        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        scripts.makeFail("nfs-kernel-server", "status", 4);
        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(scripts.calls()).startsWith("nfs-kernel-server status", "nfs-kernel-server status",
                "nfs-kernel-server start");
    }

    @Test
    void lsbExitCodesOfStartAndStopMapToOutcomes() throws Exception {
        scripts.initD("tgt");
        Resource agent = agent("tgt");

        scripts.makeFail("tgt", "start", 5);
        assertThat(agent.start(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_INSTALLED);
        scripts.makeFail("tgt", "start", 6);
        assertThat(agent.start(TIMEOUT).outcome()).isEqualTo(Outcome.MISCONFIGURED);
        scripts.makeFail("tgt", "stop", 7);
        assertThat(agent.stop(TIMEOUT)).as("stop of a stopped service succeeds").isEqualTo(OperationResult.success());
    }

    @Test
    void ocfAgentGetsItsParametersAndOcfEnvironment() throws Exception {
        scripts.ocf("Web");
        Resource agent = agent("ocf:test:Web::docroot=/srv/www::port=8080");

        assertThat(agent.validate(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.success());

        String environment = "OCF_RESKEY_docroot=/srv/www OCF_RESKEY_port=8080"
                + " OCF_RESOURCE_INSTANCE=ocf_test_Web__docroot__srv_www__port_8080"
                + " OCF_RESOURCE_PROVIDER=test OCF_RESOURCE_TYPE=Web OCF_ROOT=" + scripts.directories().ocfRoot();
        assertThat(scripts.calls()).containsExactly(
                "Web validate-all | " + environment,
                "Web monitor | " + environment,
                "Web start | " + environment,
                "Web monitor | " + environment);
    }

    @Test
    void ocfExitReasonBecomesTheFailureReason() throws Exception {
        scripts.ocf("Web");
        scripts.makeFail("Web", "start", 1);

        OperationResult result = agent("ocf:test:Web").start(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.failed("Web start failed on purpose"));
    }

    @Test
    void ocfAgentWithoutValidateAllValidates() throws Exception {
        scripts.ocf("Web");
        Resource agent = agent("ocf:test:Web");

        scripts.makeFail("Web", "validate-all", 3);
        assertThat(agent.validate(TIMEOUT)).isEqualTo(OperationResult.success());
        scripts.makeFail("Web", "validate-all", 6);
        assertThat(agent.validate(TIMEOUT))
                .isEqualTo(OperationResult.misconfigured("Web validate-all failed on purpose"));
    }

    @Test
    void ocfConfigurationErrorsAreNotRetryable() throws Exception {
        scripts.ocf("Web");
        scripts.makeFail("Web", "start", 6);
        assertThat(agent("ocf:test:Web").start(TIMEOUT).outcome()).isEqualTo(Outcome.MISCONFIGURED);
        scripts.makeFail("Web", "start", 5);
        assertThat(agent("ocf:test:Web").start(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_INSTALLED);
    }

    @Test
    void debianDummyAgentRunsThroughItsLifecycle() throws Exception {
        Path dummyState = temp.resolve("dummy.state");
        ResourceTypeResolver installed = new ResourceTypeResolver(java.util.Map.of(),
                new ScriptDirectories(scripts.directories().resourceD(), scripts.directories().initD(),
                        Path.of("/usr/lib/ocf")));
        Resource dummy = installed.create(ResourceSpec.parse("ocf:heartbeat:Dummy::state=" + dummyState),
                context);

        assertThat(dummy.validate(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(dummy.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(dummy.start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(dummyState).exists();
        assertThat(dummy.start(TIMEOUT)).as("start of a running resource").isEqualTo(OperationResult.success());
        assertThat(dummy.status(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(dummy.stop(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(dummyState).doesNotExist();
        assertThat(dummy.stop(TIMEOUT)).as("stop of a stopped resource").isEqualTo(OperationResult.success());
    }

    /**
     * heartbeat reads a status by its words, and a script it cannot locate says none: stopped, so a stop that fails on
     * it reboots nothing (e2e's missing-script recording: "Machine reboot narrowly avoided!").
     */
    @Test
    void scriptRemovedAfterResolutionCannotStartAndReadsAsStoppedAsHeartbeatReadsIt() throws Exception {
        Path script = scripts.initD("tgt");
        Resource agent = agent("tgt");
        Files.delete(script);

        assertThat(agent.validate(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(agent.start(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(agent.stop(TIMEOUT)).isEqualTo(OperationResult.success());
    }

    private OperationResult statusOfScriptPrinting(String output, int exitCode) throws Exception {
        Path script = scripts.directories().resourceD().resolve("printer");
        Files.writeString(script, "#!/bin/sh\necho '" + output + "'\nexit " + exitCode + "\n");
        script.toFile().setExecutable(true);
        return agent("printer").status(TIMEOUT);
    }

    @Test
    void resourceDAndInitScriptsRunWithHeartbeatsEnvironment() throws Exception {
        ScriptEnvironment environment = new ScriptEnvironment(java.util.Map.of("HA_CURHOST", "node1",
                "HA_LOGFACILITY", "local0", "PATH", ScriptEnvironment.PATH));
        resolver = new ResourceTypeResolver(java.util.Map.of(), scripts.directories(), environment);
        Path seen = temp.resolve("seen");
        for (Path directory : java.util.List.of(scripts.directories().resourceD(), scripts.directories().initD())) {
            Files.createDirectories(directory);
            Path script = directory.resolve("env" + directory.getFileName().toString().replace(".", ""));
            Files.writeString(script, "#!/bin/sh\necho \"${0##*/} $HA_CURHOST $HA_LOGFACILITY $PATH\" >> '" + seen
                    + "'\n");
            script.toFile().setExecutable(true);
        }

        assertThat(agent("envresourced").start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(agent("envinitd").start(TIMEOUT)).isEqualTo(OperationResult.success());

        String prefix = " node1 local0 " + ScriptEnvironment.PATH;
        assertThat(Files.readAllLines(seen)).contains("envresourced" + prefix, "envinitd" + prefix);
    }

    private Resource agent(String token) throws Exception {
        return resolver.create(ResourceSpec.parse(token), context);
    }
}
