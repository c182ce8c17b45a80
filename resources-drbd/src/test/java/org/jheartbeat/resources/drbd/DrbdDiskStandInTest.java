package org.jheartbeat.resources.drbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jheartbeat.resources.drbd.DrbdStandIn.Node.A;
import static org.jheartbeat.resources.drbd.DrbdStandIn.Node.B;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.LinuxHost;
import org.jheartbeat.resources.drbd.DegradedStartupCheck.Verdict;
import org.jheartbeat.resources.drbd.DegradedStartupPolicy.Action;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drbddisk end to end through real processes, against the DRBD 8.4 stand-in (this kernel has no DRBD module;
 * see drbd-8.4-stand-in.sh for what it simulates). Node A runs the plugin as MASTER of the seed's drbd.conf,
 * node B is its peer SLAVE, driven by the test as an administrator or a failure would drive it. The seed's
 * degr-wfc-timeout is shortened from 120 s to 1 s.
 */
class DrbdDiskStandInTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ResourceSpec DRBDDISK_R0 = ResourceSpec.parse("drbddisk::r0");

    @TempDir
    Path dir;

    private final RecordingFencer fencer = new RecordingFencer();
    private final ScheduledExecutorService peer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopPeer() {
        peer.shutdownNow();
    }

    private ResourceContext masterContext(DrbdStandIn standIn) throws IOException {
        String seed;
        try (InputStream in = getClass().getResourceAsStream("/conf/seed-drbd.conf")) {
            seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return masterContext(standIn, seed);
    }

    /** @param drbdConf the drbd.conf MASTER reads, its degr-wfc-timeout 120 shortened to 1 s */
    private ResourceContext masterContext(DrbdStandIn standIn, String drbdConf) throws IOException {
        Path conf = Files.writeString(dir.resolve("drbd.conf"),
                drbdConf.replace("degr-wfc-timeout 120;", "degr-wfc-timeout 1;"));
        Config settings = ConfigFactory.parseMap(Map.of(
                        "drbd.drbdadm", standIn.drbdadm(A).toString(),
                        "drbd.proc-drbd", standIn.procDrbd(A).toString(),
                        "drbd.config", conf.toString(),
                        "drbd.retry-interval", "100ms",
                        "drbd.poll-interval", "100ms"))
                .withFallback(ConfigFactory.defaultReference().getConfig("jheartbeat.resources"));
        return new ResourceContext("MASTER", new ProcessCommandRunner(), new LinuxHost(), new FakeNetwork(),
                fencer, settings);
    }

    private Resource agent(DrbdStandIn standIn) throws Exception {
        return new DrbdDiskType().create(DRBDDISK_R0, masterContext(standIn));
    }

    private List<Verdict> startupCheck(DrbdStandIn standIn) throws Exception {
        return new DegradedStartupCheck(masterContext(standIn), new LinuxHost()).run(List.of(
                ResourceSpec.parse("IPaddr::192.168.0.174/24/eth0"), DRBDDISK_R0,
                ResourceSpec.parse("Filesystem::/dev/drbd0::/data::ext3")));
    }

    @Test
    void promotesAndDemotesWithTheOcfContract() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir);
        Resource drbddisk = agent(standIn);

        assertThat(drbddisk.validate(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(drbddisk.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(drbddisk.start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(standIn.proc(A)).contains(" 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----");
        assertThat(standIn.proc(B)).contains(" 0: cs:Connected ro:Secondary/Primary ds:UpToDate/UpToDate C r-----");
        assertThat(drbddisk.status(TIMEOUT))
                .isEqualTo(new OperationResult(Outcome.SUCCESS, "r0 cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate"));
        assertThat(drbddisk.start(TIMEOUT)).as("start when running").isEqualTo(OperationResult.success());
        assertThat(drbddisk.stop(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(drbddisk.stop(TIMEOUT)).as("stop when stopped").isEqualTo(OperationResult.success());
        assertThat(drbddisk.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(standIn.drbdadmCalls(A)).containsExactly("A drbdadm primary r0", "A drbdadm secondary r0");
    }

    @Test
    void retriesWhileThePeerIsStillPrimaryAndSucceedsOnceItDemotes() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "B_role=Primary");
        Resource drbddisk = agent(standIn);
        peer.schedule(() -> standIn.drbdadmOn(B, "secondary", "r0"), 400, TimeUnit.MILLISECONDS);

        OperationResult started = drbddisk.start(TIMEOUT);

        assertThat(started).isEqualTo(OperationResult.success());
        assertThat(standIn.drbdadmCalls(A)).hasSizeGreaterThanOrEqualTo(2).allMatch("A drbdadm primary r0"::equals);
        assertThat(standIn.proc(A)).contains("ro:Primary/Secondary");
    }

    @Test
    void retriesUntilDrbdNoticesThePeerIsGone() throws Exception {
        // heartbeat declared the peer dead before DRBD did: DRBD still shows it Primary until its ping times out.
        DrbdStandIn standIn = DrbdStandIn.start(dir, "B_role=Primary");
        Resource drbddisk = agent(standIn);
        peer.schedule(() -> standIn.set("link=down", "A_conn=WFConnection", "B_conn=Unconfigured"), 400,
                TimeUnit.MILLISECONDS);

        assertThat(drbddisk.start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(standIn.proc(A)).contains("cs:WFConnection ro:Primary/Unknown ds:UpToDate/DUnknown");
    }

    @Test
    void givesUpWithDrbdsOwnWordsWhenThePeerStaysPrimary() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "B_role=Primary");
        Resource drbddisk = agent(standIn);

        OperationResult started = drbddisk.start(Duration.ofMillis(800));

        assertThat(started.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(started.reason()).startsWith("r0: peer still Primary after ")
                .endsWith("0: State change failed: (-1) Multiple primaries not allowed by config");
        assertThat(standIn.proc(A)).contains("ro:Secondary/Primary");
    }

    @Test
    void neverPromotesAnInconsistentDisk() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "link=down", "A_conn=WFConnection", "A_disk=Inconsistent",
                "B_conn=Unconfigured");

        OperationResult started = agent(standIn).start(TIMEOUT);

        assertThat(started.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(started.reason()).startsWith("r0: local disk is Inconsistent (");
        assertThat(standIn.drbdadmCalls(A)).isEmpty();
    }

    @Test
    void stopThatCannotDemoteFailsSoTheNodeGetsFenced() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "A_role=Primary", "A_open=1");

        OperationResult stopped = agent(standIn).stop(Duration.ofSeconds(2));

        assertThat(stopped.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(stopped.reason()).endsWith("0: State change failed: (-12) Device is held open by someone");
    }

    @Test
    void consistentDiskWithoutItsPeerWaitsDegrWfcTimeoutThenProceedsDegraded() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "link=down", "A_conn=WFConnection", "B_conn=Unconfigured");

        long started = System.nanoTime();
        List<Verdict> verdicts = startupCheck(standIn);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(verdicts).singleElement().satisfies(verdict -> {
            assertThat(verdict.action()).isEqualTo(Action.PROCEED_DEGRADED);
            assertThat(verdict.reason()).isEqualTo("r0: peer not reachable within degr-wfc-timeout 1 s"
                    + " (cs:WFConnection ro:Secondary/Unknown ds:UpToDate/DUnknown), continuing degraded");
        });
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(fencer.fenced()).isFalse();
        assertThat(agent(standIn).start(TIMEOUT)).isEqualTo(OperationResult.success());
    }

    @Test
    void inconsistentDiskWithoutItsPeerFencesTheNodeNamingInconDegrCmd() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "link=down", "A_conn=WFConnection", "A_disk=Inconsistent",
                "B_conn=Unconfigured");

        List<Verdict> verdicts = startupCheck(standIn);

        assertThat(verdicts).singleElement().extracting(Verdict::action).isEqualTo(Action.FENCE);
        assertThat(fencer.reasons()).containsExactly("r0: local disk Inconsistent and peer not reachable within"
                + " degr-wfc-timeout 1 s (cs:WFConnection ro:Secondary/Unknown ds:Inconsistent/DUnknown);"
                + " drbd.conf incon-degr-cmd \"halt -f\"");
    }

    @Test
    void inconsistentDiskWithoutItsPeerFencesTheNodeWhereTheRepositorys8xExampleAsksForIt() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "link=down", "A_conn=WFConnection", "A_disk=Inconsistent",
                "B_conn=Unconfigured");
        ResourceContext context = masterContext(standIn, Files.readString(Path.of("../etc/drbd.d/r0.res")));

        List<Verdict> verdicts = new DegradedStartupCheck(context, new LinuxHost()).run(List.of(DRBDDISK_R0));

        assertThat(verdicts).singleElement().extracting(Verdict::action).isEqualTo(Action.FENCE);
        assertThat(fencer.reasons()).singleElement().asString()
                .endsWith("; drbd.conf handler pri-on-incon-degr \"halt -f\"");
    }

    @Test
    void inconsistentDiskWithoutItsPeerKeepsTheResourceOffTheNodeWhereDrbdConfAsksForNothing() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "link=down", "A_conn=WFConnection", "A_disk=Inconsistent",
                "B_conn=Unconfigured");
        String asksNothing = Files.readString(Path.of("../etc/drbd.d/r0.res"))
                .replace("pri-on-incon-degr \"halt -f\";", "");
        ResourceContext context = masterContext(standIn, asksNothing);

        Map<ResourceSpec, String> refused = new DrbdStartupCheck().run(List.of(DRBDDISK_R0), context);

        assertThat(fencer.fenced()).as("the node stays up").isFalse();
        assertThat(refused).containsOnlyKeys(DRBDDISK_R0);
        assertThat(refused.get(DRBDDISK_R0)).isEqualTo("r0: local disk Inconsistent and peer not reachable within"
                + " degr-wfc-timeout 1 s (cs:WFConnection ro:Secondary/Unknown ds:Inconsistent/DUnknown); drbd.conf"
                + " asks for no action (neither incon-degr-cmd nor a pri-on-incon-degr handler), so the node stays up"
                + " and runs nothing that uses r0");
    }

    @Test
    void inconsistentDiskWhosePeerArrivesInTimeIsNotFenced() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "link=down", "A_conn=WFConnection", "A_disk=Inconsistent",
                "B_conn=WFConnection");
        peer.schedule(() -> standIn.link("up"), 300, TimeUnit.MILLISECONDS);

        List<Verdict> verdicts = startupCheck(standIn);

        assertThat(verdicts).singleElement().extracting(Verdict::action).isEqualTo(Action.PROCEED);
        assertThat(fencer.fenced()).isFalse();
    }

    @Test
    void splitBrainIsReportedAndLeftAlone() throws Exception {
        // Both nodes were Primary while the link was down; when it comes back DRBD detects the split brain.
        DrbdStandIn standIn = DrbdStandIn.start(dir, "A_role=Primary");
        standIn.link("down");
        standIn.drbdadmOn(B, "primary", "r0");
        standIn.link("up");
        assertThat(standIn.kernelLog()).contains("Split-Brain detected but unresolved, dropping connection!");
        // The peer's own agent asks DRBD to connect too, which runs into the split brain again.
        peer.schedule(() -> standIn.drbdadmOn(B, "connect", "r0"), 300, TimeUnit.MILLISECONDS);

        List<Verdict> verdicts = startupCheck(standIn);

        assertThat(verdicts).singleElement().satisfies(verdict -> {
            assertThat(verdict.action()).isEqualTo(Action.SPLIT_BRAIN);
            assertThat(verdict.reason()).contains("StandAlone again after a connect attempt");
        });
        OperationResult status = agent(standIn).status(TIMEOUT);
        assertThat(status.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(status.reason()).isEqualTo("r0 cs:StandAlone ro:Primary/Unknown ds:UpToDate/DUnknown; StandAlone:"
                + " not connecting to its peer (split brain, or disconnected by hand) - jheartbeat never resolves this,"
                + " resolve it by hand");
        assertThat(standIn.drbdadmCalls(A)).containsExactly("A drbdadm connect r0");
        assertThat(fencer.fenced()).isFalse();
    }

    @Test
    void theAgentsStartupCheckKeepsAFencedOrSplitBrainResourceOffThisNode() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "link=down", "A_conn=WFConnection", "A_disk=Inconsistent",
                "B_conn=Unconfigured");
        List<ResourceSpec> resources = List.of(ResourceSpec.parse("IPaddr::192.168.0.174/24/eth0"), DRBDDISK_R0);

        Map<ResourceSpec, String> refused = new DrbdStartupCheck().run(resources, masterContext(standIn));

        assertThat(refused).containsOnlyKeys(DRBDDISK_R0);
        assertThat(refused.get(DRBDDISK_R0)).contains("Inconsistent").contains("halt -f");
        assertThat(fencer.reasons()).hasSize(1);
    }

    @Test
    void theAgentsStartupCheckLetsAConnectedResourceRun() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir);

        assertThat(new DrbdStartupCheck().run(List.of(DRBDDISK_R0), masterContext(standIn))).isEmpty();
        assertThat(fencer.fenced()).isFalse();
    }
}
