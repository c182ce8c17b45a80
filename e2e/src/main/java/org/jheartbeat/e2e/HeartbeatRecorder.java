package org.jheartbeat.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.ProcessCommandRunner;

/**
 * Records what Debian's heartbeat 3.0.6 does in each {@link SiteScenario}, on the same simulated nodes, files and
 * scripts jheartbeat's {@code SiteScenariosTest} uses, one file per scenario: the steps taken, every call of the
 * site's scripts with its time, node and exit code, and the answers read. Run as root with heartbeat installed:
 * {@code bash scripts/benchmark.sh record [SCENARIO...]}; the files go to
 * {@code e2e/src/test/resources/heartbeat-3.0.6/site/}.
 */
public final class HeartbeatRecorder {

    private HeartbeatRecorder() {
    }

    /** Arguments: the jheartbeat distribution (unused here), the output directory, then scenarios (default all). */
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<SiteScenario> scenarios = args.length > 2
                ? Arrays.stream(args, 2, args.length).map(name -> SiteScenario.valueOf(
                        name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'))).toList()
                : List.of(SiteScenario.values());
        Files.createDirectories(out);
        String version = new ProcessCommandRunner().run(Command.of(java.time.Duration.ofSeconds(10),
                "dpkg-query", "-W", "-f=${Version}", "heartbeat")).stdout().strip();
        for (SiteScenario scenario : scenarios) {
            System.out.println("[record] " + scenario.fileName());
            List<String> lines = new ArrayList<>();
            lines.add("# heartbeat " + version + " (Debian), scenario " + scenario.fileName() + ", recorded "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " by org.jheartbeat.e2e.HeartbeatRecorder");
            lines.add("# (bash scripts/benchmark.sh record " + scenario.fileName() + "). Times are seconds since the"
                    + " lab was built; 'call' lines are the site scripts' own log (site/site-script).");
            try (SiteLab site = SiteLab.create(scenario, Agent.HEARTBEAT, home)) {
                scenario.run(site);
                lines.addAll(site.recording());
                for (SimulatedNode node : site.cluster().nodes()) {
                    site.cluster().agentLogText(node.name()).lines()
                            .forEach(line -> lines.add("log " + node.name() + " " + line));
                }
            }
            Files.write(out.resolve(scenario.fileName() + ".txt"), lines);
        }
    }
}
