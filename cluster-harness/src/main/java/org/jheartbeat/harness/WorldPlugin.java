package org.jheartbeat.harness;

import java.util.List;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;

/**
 * The resource type {@code World::NAME} of the simulated nodes, a plugin like any other: haresources names it,
 * the agent resolves and builds it as it does IPaddr, and its resources record into one {@link World}.
 */
final class WorldPlugin extends ResourcePlugin {

    static final String TYPE = "World";

    private final World world;

    WorldPlugin(World world) {
        this.world = world;
    }

    @Override
    protected Iterable<ResourceType> types() {
        return List.of(new ResourceType() {
            @Override
            public String name() {
                return TYPE;
            }

            @Override
            public Resource create(ResourceSpec spec, ResourceContext context) throws InvalidResourceException {
                if (spec.arguments().size() != 1) {
                    throw new InvalidResourceException("World takes one argument, the group's name: World::NAME");
                }
                return new WorldResource(world, context.nodeName(), spec);
            }
        });
    }
}
