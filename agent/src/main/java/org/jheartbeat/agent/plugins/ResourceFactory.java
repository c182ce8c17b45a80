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
 * Makes the {@link Resource} of every configured resource, all or nothing: a resource whose type cannot
 * be resolved, or whose arguments its type refuses, is a problem at its haresources line, and the agent does
 * not start with half of a group.
 */
public final class ResourceFactory {

    private final ResourceTypeResolver resolver;
    private final ResourceContext context;

    public ResourceFactory(ResourceTypeResolver resolver, ResourceContext context) {
        this.resolver = resolver;
        this.context = context;
    }

    /** The agents of every group (by group id, each in start order), or the problems that prevent them. */
    public record Result(Map<String, List<Resource>> agents, Map<String, Resolution> resolutions,
                         List<ConfigProblem> problems) {
        public Result {
            agents = Collections.unmodifiableMap(new LinkedHashMap<>(agents));
            resolutions = Map.copyOf(resolutions);
            problems = List.copyOf(problems);
        }

        public boolean complete() {
            return problems.isEmpty();
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
                    problems.add(error(resource, "resource " + resource.id() + ": type " + resolution.describe()));
                    continue;
                }
                try {
                    groupAgents.add(resolution.type().orElseThrow().create(resource.spec(), context));
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
