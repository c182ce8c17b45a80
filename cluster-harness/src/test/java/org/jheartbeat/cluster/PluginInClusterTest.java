package org.jheartbeat.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jheartbeat.harness.InJvmCluster;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * What a plugin module's test does with the harness: its own resource type in a haresources line beside a
 * World resource, built by the agent as any type is, started and stopped with the group where the cluster
 * places it.
 */
class PluginInClusterTest {

    /** Which nodes run each Marker resource now. */
    private final Map<String, Set<String>> marked = new ConcurrentHashMap<>();

    private final class MarkerPlugin extends ResourcePlugin {
        @Override
        protected Iterable<ResourceType> types() {
            return List.of(new ResourceType() {
                @Override
                public String name() {
                    return "Marker";
                }

                @Override
                public Resource create(ResourceSpec spec, ResourceContext context) {
                    return new Marker(spec, context.nodeName());
                }
            });
        }
    }

    private final class Marker implements Resource {
        private final ResourceSpec spec;
        private final String node;

        Marker(ResourceSpec spec, String node) {
            this.spec = spec;
            this.node = node;
        }

        private Set<String> runners() {
            return marked.computeIfAbsent(spec.id(), id -> ConcurrentHashMap.newKeySet());
        }

        @Override
        public ResourceSpec spec() {
            return spec;
        }

        @Override
        public OperationResult start(Duration timeout) {
            runners().add(node);
            return OperationResult.success();
        }

        @Override
        public OperationResult stop(Duration timeout) {
            runners().remove(node);
            return OperationResult.success();
        }

        @Override
        public OperationResult status(Duration timeout) {
            return runners().contains(node) ? OperationResult.success() : OperationResult.notRunning("not marked");
        }

        @Override
        public OperationResult validate(Duration timeout) {
            return OperationResult.success();
        }
    }

    @Test
    void aPluginsTypeRunsWithItsGroupWhereTheClusterPlacesIt() throws Exception {
        try (InJvmCluster cluster = InJvmCluster.builder().nodes("a", "b").haresources("a World::g Marker::m")
                .plugin(new MarkerPlugin()).startAll()) {
            cluster.awaitOwner("g", "a");
            // The group's resources start in order: its Marker after its World resource.
            cluster.await(() -> markers().equals(Set.of("a")), "a's Marker runs, and no other");

            cluster.powerOff("a");

            cluster.awaitOwner("g", "b");
            cluster.await(() -> markers().contains("b"), "b started its own Marker with the group");
        }
    }

    private Set<String> markers() {
        return Set.copyOf(marked.getOrDefault("Marker::m", Set.of()));
    }
}
