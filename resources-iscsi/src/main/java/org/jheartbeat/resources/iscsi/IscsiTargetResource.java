package org.jheartbeat.resources.iscsi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One iSCSI target on this node. Every operation decides from the backend's view of the kernel or daemon
 * state: start adds what is missing and checks the result, stop removes the target and checks it is gone,
 * status compares the target and each of its LUNs with the definition.
 */
final class IscsiTargetResource implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(IscsiTargetResource.class);

    private final ResourceSpec spec;
    private final TargetDefinition target;
    private final OperationTools tools;
    private final BackendSelector backends;
    private final Predicate<String> installed;

    /** @param installed whether a tool is installed here, as the command runner would find it */
    IscsiTargetResource(ResourceSpec spec, TargetDefinition target, OperationTools tools, BackendSelector backends,
                        Predicate<String> installed) {
        this.spec = spec;
        this.target = target;
        this.tools = tools;
        this.backends = backends;
        this.installed = installed;
    }

    @Override
    public ResourceSpec spec() {
        return spec;
    }

    @Override
    public OperationResult start(Duration timeout) {
        return OperationTools.perform(timeout, deadline -> {
            TargetBackend backend = usableBackend(deadline);
            Optional<ServedTarget> before = backend.inspect(target, deadline);
            if (before.isPresent() && TargetCheck.shortcomings(target, before.get()).isEmpty()) {
                return OperationResult.success();
            }
            if (before.isPresent()) {
                List<String> strangers = TargetCheck.strangers(target, before.get());
                if (!strangers.isEmpty()) {
                    return OperationResult.failed(spec.id() + ": " + String.join("; ", strangers));
                }
            }
            BackingStores.check(tools, target, deadline);
            backend.serve(target, deadline);
            Optional<ServedTarget> after = backend.inspect(target, deadline);
            if (after.isEmpty()) {
                return OperationResult.failed(spec.id() + ": " + backend.name() + " accepted the target but does not serve it");
            }
            List<String> problems = TargetCheck.shortcomings(target, after.get());
            if (!problems.isEmpty()) {
                return OperationResult.failed(spec.id() + ": after start " + String.join("; ", problems));
            }
            LOG.info("{}: serving {} LUN(s) defined at {} with {} to {}", spec.id(), target.luns().size(),
                    target.origin(), backend.name(), target.initiators());
            return OperationResult.success();
        });
    }

    @Override
    public OperationResult stop(Duration timeout) {
        return OperationTools.perform(timeout, deadline -> {
            Optional<TargetBackend> running = runningBackend(deadline);
            if (running.isEmpty()) {
                return OperationResult.success();
            }
            TargetBackend backend = running.get();
            Optional<ServedTarget> before = backend.inspect(target, deadline);
            if (before.isEmpty()) {
                return OperationResult.success();
            }
            backend.remove(target, deadline);
            if (backend.inspect(target, deadline).isPresent()) {
                return OperationResult.failed(spec.id() + ": " + backend.name() + " still serves the target after removing it");
            }
            LOG.info("{}: removed from {} (closed {} connection(s))", spec.id(), backend.name(), before.get().sessions());
            return OperationResult.success();
        });
    }

    @Override
    public OperationResult status(Duration timeout) {
        return OperationTools.perform(timeout, deadline -> {
            TargetBackend backend = backends.select(deadline);
            Optional<ServedTarget> served = backend.inspect(target, deadline);
            if (served.isEmpty()) {
                return OperationResult.notRunning(spec.id() + ": " + backend.name() + " does not serve " + target.name());
            }
            List<String> problems = TargetCheck.shortcomings(target, served.get());
            return problems.isEmpty() ? OperationResult.success()
                    : OperationResult.failed(spec.id() + ": " + String.join("; ", problems));
        });
    }

    @Override
    public OperationResult validate(Duration timeout) {
        return OperationTools.perform(timeout, deadline -> {
            TargetBackend backend = usableBackend(deadline);
            if (!backend.available(deadline)) {
                return OperationResult.notInstalled(spec.id() + ": " + backend.name()
                        + " is not installed or not running on this node");
            }
            return OperationResult.success();
        });
    }

    /**
     * The tool of the backend the settings choose, or with {@code auto} of any backend. Whether its daemon or
     * kernel module runs is left to validate and start: telling needs the tool run.
     */
    @Override
    public List<String> preflight() {
        List<TargetBackend> eligible = backends.eligible();
        if (eligible.stream().anyMatch(backend -> installed.test(backend.tool()))) {
            return List.of();
        }
        if (eligible.size() == 1) {
            TargetBackend backend = eligible.get(0);
            return List.of(backend.tool() + " is not installed here (" + backend.toolSource() + "): the "
                    + backend.name() + " backend the settings choose fails to start the target without it");
        }
        return List.of("no iSCSI target tool is installed here ("
                + eligible.stream().map(backend -> backend.tool() + ": " + backend.toolSource())
                        .collect(Collectors.joining("; ")) + "): starting the target fails without one");
    }

    /**
     * The backend, or none when no iSCSI target software is installed and running here: then this node serves no
     * target, so a stop (say, the rollback of a start that found no backend) has nothing to do and must not
     * count as failed, which would fence the node.
     */
    private Optional<TargetBackend> runningBackend(Deadline deadline) throws OperationAbort {
        try {
            return Optional.of(backends.select(deadline));
        } catch (OperationAbort abort) {
            if (abort.result().outcome() != OperationResult.Outcome.NOT_INSTALLED) {
                throw abort;
            }
            LOG.info("{}: nothing to stop: {}", spec.id(), abort.result().reason());
            return Optional.empty();
        }
    }

    private TargetBackend usableBackend(Deadline deadline) throws OperationAbort {
        TargetBackend backend = backends.select(deadline);
        Optional<String> unsupported = backend.unsupported(target);
        if (unsupported.isPresent()) {
            throw new OperationAbort(OperationResult.misconfigured(spec.id() + ": " + unsupported.get()));
        }
        return backend;
    }
}
