package org.jheartbeat.harness;

import java.time.Duration;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceSpec;

/**
 * A simulated node's resource whose effect is recorded in the {@link World}: started, the group it is named
 * after runs on the node; stopped, it no longer does. Operations fail where the test told the world so.
 */
final class WorldResource implements Resource {

    private final World world;
    private final String node;
    private final String group;
    private final ResourceSpec spec;
    private volatile boolean running;

    WorldResource(World world, String node, ResourceSpec spec) {
        this.world = world;
        this.node = node;
        this.group = spec.arguments().get(0);
        this.spec = spec;
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
        if (world.failing(node, group, World.Failure.START)) {
            return OperationResult.failed("injected start failure");
        }
        world.started(node, group);
        running = true;
        return OperationResult.success();
    }

    @Override
    public synchronized OperationResult stop(Duration timeout) {
        try {
            Thread.sleep(world.stopTime(node, group).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OperationResult.failed("interrupted");
        }
        if (world.failing(node, group, World.Failure.STOP)) {
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
        if (!world.hasPower(node)) {
            // What the agent still does after the power loss is not seen; nothing runs on the machine any more.
            return OperationResult.notRunning("the machine has no power");
        }
        if (world.failing(node, group, World.Failure.STATUS)) {
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
