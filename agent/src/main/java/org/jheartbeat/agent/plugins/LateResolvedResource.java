package org.jheartbeat.agent.plugins;

import java.time.Duration;
import java.util.function.Function;
import org.jheartbeat.agent.group.HeartbeatScript;
import org.jheartbeat.agent.scripts.ResourceTypeResolver;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A haresources resource whose type could not be found on this node when the agent started (a script installed on
 * the other node only). heartbeat looks a script up each time it runs it, so such a site runs everything else and
 * only this resource's group fails here; so does jheartbeat. Every operation looks the type up again: once the
 * script is installed, the resource is made and used from then on. Until then it is not running here: a start
 * fails (NOT_INSTALLED, naming every place looked at), a stop has nothing to stop, a status says stopped.
 */
final class LateResolvedResource implements Resource, HeartbeatScript {

    private static final Logger LOG = LoggerFactory.getLogger(LateResolvedResource.class);

    private final ResourceSpec spec;
    private final ResourceTypeResolver resolver;
    private final ResourceContext context;
    /** Read by the shutdown thread too (for time limits). */
    private volatile Resource found;

    LateResolvedResource(ResourceSpec spec, ResourceTypeResolver resolver, ResourceContext context) {
        this.spec = spec;
        this.resolver = resolver;
        this.context = context;
    }

    @Override
    public ResourceSpec spec() {
        return spec;
    }

    /**
     * A name no plugin knows can only be a script: a resource.d or init.d script keeps heartbeat's contract until it
     * is found to be something else (an OCF agent).
     */
    @Override
    public boolean heartbeatScript() {
        Resource resource = found;
        return resource == null || HeartbeatScript.isHeartbeatScript(resource);
    }

    /** Unknown until found: heartbeat too looks in resource.d first. */
    @Override
    public boolean initScript() {
        return found instanceof HeartbeatScript script && script.initScript();
    }

    @Override
    public OperationResult start(Duration timeout) {
        return either(resource -> resource.start(timeout), OperationResult::notInstalled);
    }

    @Override
    public OperationResult stop(Duration timeout) {
        return either(resource -> resource.stop(timeout), missing -> {
            LOG.warn("resource {} stopping: nothing to stop here, {}", spec, missing);
            return OperationResult.success();
        });
    }

    @Override
    public OperationResult status(Duration timeout) {
        return either(resource -> resource.status(timeout), OperationResult::notRunning);
    }

    @Override
    public OperationResult validate(Duration timeout) {
        return either(resource -> resource.validate(timeout), OperationResult::notInstalled);
    }

    @Override
    public OperationResult announce(Duration timeout) {
        return either(resource -> resource.announce(timeout), missing -> OperationResult.success());
    }

    /** Runs {@code operation} on the resource, or {@code whileMissing} with why it cannot be made yet. */
    private OperationResult either(Function<Resource, OperationResult> operation,
                                   Function<String, OperationResult> whileMissing) {
        if (found == null) {
            try {
                found = resolver.create(spec, context);
                LOG.info("resource {} found: {}", spec, resolver.explain(spec.type()).describe());
            } catch (InvalidResourceException e) {
                return whileMissing.apply(e.getMessage());
            }
        }
        return operation.apply(found);
    }
}
