package org.jheartbeat.agent.cluster;

import java.time.Duration;
import java.util.List;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceSpec;

/**
 * A resource of a simulated node whose effect is recorded in the {@link World}: the group's first resource
 * marks the group as running on the node when started, and as stopped when stopped. Failures can be injected.
 */
final class WorldResource implements Resource {

    private final World world;
    private final String node;
    private final String group;
    private final ResourceSpec spec;
    private volatile boolean running;
    volatile boolean failStart;
    volatile boolean failStop;
    volatile boolean failStatus;

    WorldResource(World world, String node, String group) {
        this.world = world;
        this.node = node;
        this.group = group;
        this.spec = new ResourceSpec("World", List.of(group));
    }

    @Override
    public ResourceSpec spec() {
        return spec;
    }

    @Override
    public synchronized OperationResult start(Duration timeout) {
        if (running) {
            return OperationResult.success();
        }
        if (failStart) {
            return OperationResult.failed("injected start failure");
        }
        world.started(node, group);
        running = true;
        return OperationResult.success();
    }

    @Override
    public synchronized OperationResult stop(Duration timeout) {
        if (failStop) {
            return OperationResult.failed("injected stop failure");
        }
        if (running) {
            world.stopped(node, group);
            running = false;
        }
        return OperationResult.success();
    }

    @Override
    public OperationResult status(Duration timeout) {
        if (failStatus) {
            return OperationResult.failed("injected monitor failure");
        }
        return running ? OperationResult.success() : OperationResult.notRunning("stopped");
    }

    @Override
    public OperationResult announce(Duration timeout) {
        world.announced(node, group);
        return OperationResult.success();
    }

    @Override
    public OperationResult validate(Duration timeout) {
        return OperationResult.success();
    }
}
