package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jheartbeat.e2e.FaultStep.Kind;
import org.jheartbeat.resource.CommandResult;

/**
 * The fault lab's step that makes fencing legitimate: the group's script is told to fail its stop on the node
 * ({@link SiteLab#failStops}), the node takes the group over (hb_takeover) and is then asked to stand by for it
 * (hb_standby, the same scope), so its stop and every retry of it fail and the node fences itself. With the power switch
 * it powers off, and the others take the group once it is silent; the recording fencer only records, and the group
 * stays on the node, started nowhere else, until the lab stops the script by hand and cleans the group up, as an
 * operator would. The node must be fenced, within {@link #FENCED_WITHIN}; any other node fenced is a violation
 * ({@link OutsideView}).
 */
final class StopFailure {

    /** The stop, its retries (10, 1 s apart by default) and the fencer, with room for a loaded machine. */
    static final Duration FENCED_WITHIN = Duration.ofSeconds(60);

    /**
     * What the step did.
     *
     * @param standby    the standby the node was left with, whose placement the step's settle waits for; empty when
     *                   the step was skipped
     * @param poweredOff whether the node's fencer powered it off
     * @param skipped    why the step was skipped (the group did not come to the node); empty when it was not
     */
    record Outcome(Optional<FaultStep> standby, boolean poweredOff, Optional<String> skipped) {
    }

    private final SiteLab site;
    private final ClusterLab cluster;
    private final OutsideView view;
    private final PrintStream out;

    StopFailure(SiteLab site, OutsideView view, PrintStream out) {
        this.site = site;
        this.cluster = site.cluster();
        this.view = view;
        this.out = out;
    }

    /** Does the step; {@code recordsOnly}: the node's fencer only records. */
    Outcome perform(FaultStep step, OutsideView.Group group, boolean recordsOnly) throws Exception {
        String node = step.nodes().get(0);
        String scope = cluster.setup().preferredNode(group.index()).equals(node) ? "local" : "foreign";
        long asked = System.nanoTime();
        CommandResult taken = cluster.heartbeatCommand(node, "hb_takeover", scope);
        if (!taken.succeeded() || Await.until(FaultLab.SETTLE_LIMIT, () -> view.placementSince(asked)
                .filter(placement -> node.equals(placement.get(group.name())))).isEmpty()) {
            return new Outcome(Optional.empty(), false, Optional.of("hb_takeover " + scope + " on " + node
                    + " did not bring " + group.name() + " there (" + taken.describe() + "): skipped"));
        }
        view.allowFencing(node, true);
        site.failStops(node, group.script(), true);
        int recorded = cluster.recordedFencing(node).size();
        FaultStep standby = new FaultStep(step.number(), Kind.STANDBY, step.nodes(), scope, Duration.ZERO);
        CommandResult standingBy = cluster.heartbeatCommand(node, "hb_standby", scope);
        if (!standingBy.succeeded()) {
            out.printf("[fault-lab]   hb_standby %s on %s: %s%n", scope, node, standingBy.describe());
        }
        boolean fenced = Await.condition(FENCED_WITHIN, () -> recordsOnly ? recordedFencing(node) > recorded
                : !cluster.node(node).isUp());
        long fencedAt = System.nanoTime();
        boolean poweredOff = !recordsOnly && fenced;
        if (fenced) {
            out.printf("[fault-lab]   %s fenced itself (%s)%n", node, recordsOnly ? "recorded only" : "powered off");
        } else {
            view.report(group.script() + " failed its stop on " + node + ", but " + node + " was not fenced within "
                    + FENCED_WITHIN);
        }
        if (poweredOff) {
            cluster.awaitFenced(node, Duration.ofSeconds(10));
            view.nodeDown(node);
        }
        site.failStops(node, group.script(), false);
        if (recordsOnly) {
            stopByHandAndCleanUp(node, group);
        }
        // The fencing counts as legitimate only if the view saw it while it was allowed.
        Await.condition(Duration.ofSeconds(10), () -> view.lookedSince(fencedAt));
        view.allowFencing(node, false);
        return new Outcome(Optional.of(standby), poweredOff, Optional.empty());
    }

    /** What an operator does once the recording fencer left the group blocked: stops the script, cleans up. */
    private void stopByHandAndCleanUp(String node, OutsideView.Group group) {
        Path script = ClusterFiles.configDir(cluster.node(node).directory()).resolve("resource.d/sitesvc");
        CommandResult stopped = cluster.node(node).run(script.toString(), group.name(), "stop");
        CommandResult cleaned = cluster.hbctl(node, "resource", "cleanup", "IPaddr::" + group.address() + "/24/eth0");
        out.printf("[fault-lab]   stopped %s by hand on %s (%s), cleaned the group up (%s)%n", group.script(), node,
                stopped.describe(), cleaned.describe());
    }

    private int recordedFencing(String node) {
        try {
            return cluster.recordedFencing(node).size();
        } catch (IOException e) {
            return 0;
        }
    }
}
