package org.jheartbeat.resources.drbd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code drbddisk::<resource>} (or bare {@code drbddisk} for every resource in drbd.conf): running means
 * Primary on this node. Start promotes, retrying while the peer still holds Primary as heartbeat's drbddisk
 * does, but never promotes a disk whose data is not known to be good; stop demotes; status reports the role,
 * and a StandAlone resource as a possible split brain, which is never resolved here.
 */
final class DrbdDisk implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(DrbdDisk.class);

    private final ResourceSpec spec;
    private final Optional<String> resourceName;
    private final ResourceContext context;
    private final DrbdSettings settings;
    private final OperationTools tools;
    private final DrbdStateReader reader;

    /** @param resourceName empty for every resource in drbd.conf */
    DrbdDisk(ResourceSpec spec, Optional<String> resourceName, ResourceContext context, DrbdSettings settings,
             Host host) {
        this.spec = spec;
        this.resourceName = resourceName;
        this.context = context;
        this.settings = settings;
        this.tools = new OperationTools(spec.id(), context.commands());
        this.reader = new DrbdStateReader(tools, host, settings);
    }

    @Override
    public ResourceSpec spec() {
        return spec;
    }

    @Override
    public OperationResult start(Duration timeout) {
        return forEachResource(timeout, false, this::promote);
    }

    @Override
    public OperationResult stop(Duration timeout) {
        return forEachResource(timeout, false, this::demote);
    }

    @Override
    public OperationResult status(Duration timeout) {
        return forEachResource(timeout, true, (resource, deadline) -> RoleStatus.of(resource.name(),
                read(resource, deadline), resource.hasPeerOf(context.nodeName())));
    }

    @Override
    public OperationResult validate(Duration timeout) {
        return forEachResource(timeout, false, (resource, deadline) -> {
            read(resource, deadline);
            return OperationResult.success();
        });
    }

    /**
     * drbdadm installed, the resource defined in drbd.conf, and a fencing policy set: without one, DRBD lets this
     * node promote data that went stale while only the replication link was down.
     */
    @Override
    public List<String> preflight() {
        List<String> findings = new ArrayList<>();
        if (ProcessCommandRunner.locate(settings.drbdadm()).isEmpty()) {
            findings.add(settings.drbdadm() + " is not installed here (package drbd-utils): promoting fails without it");
        }
        List<DrbdResourceConfig> resources;
        try {
            resources = DrbdTargets.resolve(settings.config(), resourceName);
        } catch (DrbdConfigException e) {
            findings.add(e.getMessage() + ": promoting fails until it does");
            return findings;
        }
        for (DrbdResourceConfig resource : resources) {
            if (resource.fencing().isEmpty() || resource.fencing().get().equals("dont-care")) {
                findings.add("DRBD resource " + resource.name() + " (" + resource.where() + ") has no fencing policy"
                        + resource.fencing().map(policy -> " (fencing " + policy + ")").orElse("")
                        + ": when only the replication link fails, the peer's data goes stale unnoticed and a later "
                        + "failover promotes it; DRBD 8.3 and later: 'fencing resource-only;' and a fence-peer "
                        + "handler (/usr/share/doc/jheartbeat/resources-drbd/README.md.gz)");
            }
        }
        return findings;
    }

    private OperationResult promote(DrbdResourceConfig resource, Deadline deadline) throws OperationAbort {
        String name = resource.name();
        DrbdState state = read(resource, deadline);
        if (state.role() == Role.PRIMARY) {
            return OperationResult.success();
        }
        Optional<String> refusal = Promotion.refusal(name, state);
        if (refusal.isPresent()) {
            LOG.warn("{} Refused: {}", name, refusal.get());
            return OperationResult.failed(refusal.get());
        }
        for (int attempt = 1; ; attempt++) {
            CommandResult result = drbdadm(deadline, "primary", name);
            if (result.succeeded()) {
                LOG.info("{} Primary: promoted on attempt {}", name, attempt);
                return OperationResult.success();
            }
            if (result.timedOut()) {
                throw tools.failure(result, name + ": " + result.describe());
            }
            DrbdState after = read(resource, deadline);
            if (after.role() == Role.PRIMARY) {
                return OperationResult.success();
            }
            if (!Promotion.worthRetrying(after)) {
                throw tools.failure(result, name + ": " + result.describe() + " (" + after.describe() + ")");
            }
            // The next attempt needs time of its own: give up while DRBD's refusal can still be reported.
            if (!deadline.leaves(settings.pollInterval().multipliedBy(2))) {
                tools.logFailure(result);
                return OperationResult.timedOut(name + ": peer still Primary after " + attempt
                        + " promotion attempt(s); last: " + result.describe());
            }
            LOG.info("{} Waiting: peer still Primary ({}), promotion attempt {} refused", name, after.describe(), attempt);
            awaitPeerRelease(resource, deadline);
        }
    }

    /**
     * Waits until DRBD stops showing the peer as Primary, or retry-interval passes, whichever comes first, and
     * never into the last poll-interval before the deadline: a peer that demotes (or whose loss DRBD notices)
     * is followed within one poll-interval instead of after the fixed pause heartbeat's drbddisk makes.
     */
    private void awaitPeerRelease(DrbdResourceConfig resource, Deadline deadline) throws OperationAbort {
        Duration budget = deadline.remaining().minus(settings.pollInterval());
        Deadline nextAttempt = Deadline.after(budget.compareTo(settings.retryInterval()) < 0 ? budget
                : settings.retryInterval());
        while (OperationTools.pause(nextAttempt, settings.pollInterval())) {
            if (!Promotion.worthRetrying(read(resource, deadline))) {
                return;
            }
        }
    }

    private OperationResult demote(DrbdResourceConfig resource, Deadline deadline) throws OperationAbort {
        String name = resource.name();
        if (read(resource, deadline).role() != Role.PRIMARY) {
            return OperationResult.success();
        }
        CommandResult lastRefusal = null;
        for (int attempt = 1; ; attempt++) {
            CommandResult result = drbdadm(deadline, "secondary", name);
            if (result.succeeded()) {
                LOG.info("{} Secondary: demoted on attempt {}", name, attempt);
                return OperationResult.success();
            }
            if (result.timedOut()) {
                // After refusals, DRBD's own words say more than the cut-off attempt does.
                if (lastRefusal == null) {
                    throw tools.failure(result, name + ": " + result.describe());
                }
                tools.logFailure(result);
                throw tools.failure(lastRefusal, name + ": still Primary after " + (attempt - 1) + " refused demotion "
                        + "attempt(s), the next cut off by the timeout; last: " + lastRefusal.describe());
            }
            lastRefusal = result;
            if (read(resource, deadline).role() != Role.PRIMARY) {
                return OperationResult.success();
            }
            // Typically "Device is held open by someone": whoever holds it may let go in a moment, but the
            // next attempt needs time of its own after the pause.
            if (!deadline.leaves(settings.retryInterval().multipliedBy(2))) {
                throw tools.failure(result, name + ": still Primary after " + attempt + " demotion attempt(s); last: "
                        + result.describe());
            }
            OperationTools.pause(deadline, settings.retryInterval());
        }
    }

    private CommandResult drbdadm(Deadline deadline, String... arguments) throws OperationAbort {
        List<String> argv = new ArrayList<>();
        argv.add(settings.drbdadm());
        argv.addAll(List.of(arguments));
        return tools.run(deadline, argv);
    }

    private DrbdState read(DrbdResourceConfig resource, Deadline deadline) throws OperationAbort {
        return reader.read(resource.name(), resource.minorsOn(context.nodeName()), deadline);
    }

    private interface Operation {
        OperationResult apply(DrbdResourceConfig resource, Deadline deadline) throws OperationAbort;
    }

    /**
     * Runs {@code operation} on every resource this agent stands for, stopping at the first failure; a status
     * goes through all of them and condenses their answers.
     */
    private OperationResult forEachResource(Duration timeout, boolean isStatus, Operation operation) {
        Deadline deadline = Deadline.after(timeout);
        try {
            List<DrbdResourceConfig> resources = DrbdTargets.resolve(settings.config(), resourceName);
            List<OperationResult> results = new ArrayList<>();
            for (DrbdResourceConfig resource : resources) {
                OperationResult result = operation.apply(resource, deadline);
                if (!isStatus && !result.isSuccess()) {
                    return result;
                }
                results.add(result);
            }
            return isStatus ? RoleStatus.condense(results) : OperationResult.success();
        } catch (DrbdConfigException e) {
            return OperationResult.misconfigured(e.getMessage());
        } catch (DrbdStateException e) {
            return OperationResult.failed(e.getMessage());
        } catch (OperationAbort abort) {
            return abort.result();
        }
    }
}
