package org.jheartbeat.agent.plugins;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jheartbeat.agent.config.ConfigProblem;
import org.jheartbeat.agent.config.ConfiguredResource;
import org.jheartbeat.agent.config.ResourceGroup;
import org.jheartbeat.agent.scripts.Resolution;
import org.jheartbeat.agent.scripts.ResourceTypeResolver;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;

/**
 * Makes the {@link Resource} of every configured resource. A resource whose arguments its type refuses is an error
 * at its haresources line, and the agent does not start with half of a group. A resource whose type cannot be
 * found here (a script installed on another node only) is a warning: heartbeat looks scripts up when it runs them,
 * so the agent starts, and that resource's group fails on this node until the script is there
 * ({@link LateResolvedResource}). What a resource's own look at this node finds ({@link Resource#preflight}) is a
 * warning too.
 */
public final class ResourceFactory {

    private final ResourceTypeResolver resolver;
    private final ResourceContext context;

    public ResourceFactory(ResourceTypeResolver resolver, ResourceContext context) {
        this.resolver = resolver;
        this.context = context;
    }

    /**
     * The agents of every group (by group id, each in start order), and the problems found: errors prevent the start,
     * warnings name the resources not found on this node.
     */
    public record Result(Map<String, List<Resource>> agents, Map<String, Resolution> resolutions,
                         List<ConfigProblem> problems) {
        public Result {
            agents = Collections.unmodifiableMap(new LinkedHashMap<>(agents));
            resolutions = Map.copyOf(resolutions);
            problems = List.copyOf(problems);
        }

        /** Whether the agent can start: no error among the problems. */
        public boolean complete() {
            return problems.stream().noneMatch(ConfigProblem::isError);
        }
    }

    public Result create(List<ResourceGroup> groups) {
        Map<String, List<Resource>> agents = new LinkedHashMap<>();
        Map<String, Resolution> resolutions = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (ResourceGroup group : groups) {
            List<Resource> groupAgents = new ArrayList<>();
            for (ConfiguredResource resource : group.resources()) {
                Resolution resolution = resolutions.computeIfAbsent(resource.spec().type(), resolver::explain);
                if (!resolution.resolved()) {
                    problems.add(new ConfigProblem(ConfigProblem.Severity.WARNING, resource.location(), "resource "
                            + resource.id() + ": type " + resolution.describe() + "; its group fails on this node"
                            + " until it is installed"));
                    groupAgents.add(new LateResolvedResource(resource.spec(), resolver, context));
                    continue;
                }
                try {
                    Resource made = resolution.type().orElseThrow().create(resource.spec(), context);
                    made.preflight().forEach(finding -> problems.add(new ConfigProblem(ConfigProblem.Severity.WARNING,
                            resource.location(), "resource " + resource.id() + ": " + finding)));
                    groupAgents.add(made);
                } catch (InvalidResourceException e) {
                    problems.add(error(resource, e.getMessage()));
                }
            }
            agents.put(group.id(), List.copyOf(groupAgents));
        }
        return new Result(agents, resolutions, problems);
    }

    private static ConfigProblem error(ConfiguredResource resource, String message) {
        return new ConfigProblem(ConfigProblem.Severity.ERROR, resource.location(), message);
    }
}
