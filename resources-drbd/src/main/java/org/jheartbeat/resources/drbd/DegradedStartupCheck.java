package org.jheartbeat.resources.drbd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jheartbeat.resources.drbd.DegradedStartupPolicy.Action;
import org.jheartbeat.resources.drbd.DegradedStartupPolicy.Decision;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The degraded-startup check the agent runs once when it starts, before it starts any resource group, for
 * the drbddisk resources of haresources: waits up to degr-wfc-timeout for each resource's peer, fences this
 * node (through the context's {@link org.jheartbeat.resource.Fencer}) when a disk is Inconsistent and its peer
 * stays away where drbd.conf asks for that, else keeps the resource off this node, lets a good disk carry on
 * degraded, and reports a split brain without touching it. See {@link DegradedStartupPolicy} for the decision
 * itself.
 */
public final class DegradedStartupCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DegradedStartupCheck.class);

    /** How one resource came out of the check. {@code action} is never WAIT or CONNECT. */
    public record Verdict(String resource, Action action, String reason) {
    }

    /** The check could not be made at all (bad drbd.conf, unreadable state, tool missing). */
    public static final class CheckFailedException extends Exception {
        public CheckFailedException(String message) {
            super(message);
        }
    }

    private final ResourceContext context;
    private final DrbdSettings settings;
    private final OperationTools tools;
    private final DrbdStateReader reader;

    /** @param host where /proc/drbd is read */
    public DegradedStartupCheck(ResourceContext context, Host host) {
        this.context = context;
        this.settings = DrbdSettings.from(context.settings());
        this.tools = new OperationTools("DRBD degraded-startup check", context.commands());
        this.reader = new DrbdStateReader(tools, host, settings);
    }

    /**
     * Checks every drbddisk resource among {@code resources} (other types are ignored). Blocks while peers
     * are awaited: at most the longest degr-wfc-timeout involved, or for ever where that is 0.
     */
    public List<Verdict> run(List<ResourceSpec> resources) throws CheckFailedException {
        long started = System.nanoTime();
        List<Verdict> verdicts = new ArrayList<>();
        try {
            for (ResourceSpec spec : resources) {
                if (!spec.type().equals(DrbdDiskType.NAME)) {
                    continue;
                }
                for (DrbdResourceConfig resource : DrbdTargets.resolve(settings.config(),
                        DrbdDiskType.resourceName(spec))) {
                    verdicts.add(check(resource, started));
                }
            }
        } catch (DrbdConfigException | DrbdStateException e) {
            throw new CheckFailedException("DRBD degraded-startup check: " + e.getMessage());
        } catch (OperationAbort abort) {
            throw new CheckFailedException("DRBD degraded-startup check: " + abort.result().reason());
        }
        return verdicts;
    }

    private Verdict check(DrbdResourceConfig resource, long started) throws CheckFailedException, OperationAbort {
        String node = context.nodeName();
        DrbdResourceConfig.PeerWait limit = resource.peerWait(settings.defaultDegrWfcTimeout());
        boolean connectAttempted = false;
        while (true) {
            DrbdState state = reader.read(resource.name(), resource.minorsOn(node),
                    Deadline.after(settings.pollInterval()));
            Decision decision = DegradedStartupPolicy.decide(resource.name(), state,
                    Duration.ofNanos(System.nanoTime() - started), limit, connectAttempted, resource.hasPeerOf(node),
                    resource.inconsistentDegradedAction());
            switch (decision.action()) {
                case WAIT -> pause(resource);
                case CONNECT -> {
                    LOG.warn("{} StandAlone: {}", resource.name(), decision.reason());
                    connect(resource);
                    connectAttempted = true;
                }
                case FENCE -> {
                    LOG.error("{} Fencing: {}", resource.name(), decision.reason());
                    context.fencer().fence(decision.reason());
                    return new Verdict(resource.name(), decision.action(), decision.reason());
                }
                case REFUSE -> {
                    LOG.error("{} Refused: {}", resource.name(), decision.reason());
                    return new Verdict(resource.name(), decision.action(), decision.reason());
                }
                case SPLIT_BRAIN -> {
                    LOG.error("{} SplitBrain: {}", resource.name(), decision.reason());
                    return new Verdict(resource.name(), decision.action(), decision.reason());
                }
                case PROCEED_DEGRADED, NOT_CONFIGURED -> {
                    LOG.warn("{} Degraded: {}", resource.name(), decision.reason());
                    return new Verdict(resource.name(), decision.action(), decision.reason());
                }
                case PROCEED -> {
                    LOG.info("{} Ready: {}", resource.name(), decision.reason());
                    return new Verdict(resource.name(), decision.action(), decision.reason());
                }
            }
        }
    }

    private void connect(DrbdResourceConfig resource) throws OperationAbort {
        CommandResult result = tools.run(Deadline.after(settings.pollInterval().multipliedBy(10)),
                settings.drbdadm(), "connect", resource.name());
        if (!result.succeeded()) {
            LOG.warn("{} StandAlone: connect failed: {}", resource.name(), result.describeWithOutput());
        }
    }

    private void pause(DrbdResourceConfig resource) throws CheckFailedException {
        try {
            OperationTools.pause(Deadline.after(settings.pollInterval()), settings.pollInterval());
        } catch (OperationAbort interrupted) {
            throw new CheckFailedException(resource.name() + ": " + interrupted.result().reason()
                    + " for the peer");
        }
    }
}
