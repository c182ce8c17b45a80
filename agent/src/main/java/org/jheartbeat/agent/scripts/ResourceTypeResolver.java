package org.jheartbeat.agent.scripts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.agent.config.Spelling;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;

/**
 * Finds the type behind a haresources name the way heartbeat does, with the plugins in front: a plugin type
 * of that name, else an executable {@code resource.d/NAME}, else an executable {@code init.d/NAME}. Names
 * spelled {@code ocf:PROVIDER:AGENT} go to the OCF agent of that name only.
 *
 * <p>Scripts are looked up on every call, so a script installed after startup is found without a restart.
 */
public final class ResourceTypeResolver {

    private final Map<String, ResourceType> pluginTypes;
    private final ScriptDirectories directories;
    private final ScriptEnvironment environment;

    /**
     * @param pluginTypes the types from every {@link org.jheartbeat.resource.ResourcePlugin}, by name
     * @param environment what the resource.d and init.d scripts are run with
     */
    public ResourceTypeResolver(Map<String, ResourceType> pluginTypes, ScriptDirectories directories,
                                ScriptEnvironment environment) {
        this.pluginTypes = Map.copyOf(pluginTypes);
        this.directories = directories;
        this.environment = environment;
    }

    /** Scripts run with the runner's base environment only (for looking types up, or tests of the lookup). */
    public ResourceTypeResolver(Map<String, ResourceType> pluginTypes, ScriptDirectories directories) {
        this(pluginTypes, directories, ScriptEnvironment.none());
    }

    public Optional<ResourceType> resolve(String typeName) {
        return explain(typeName).type();
    }

    public Resolution explain(String typeName) {
        ResourceType plugin = pluginTypes.get(typeName);
        if (plugin != null) {
            return new Resolution(typeName, Resolution.Origin.PLUGIN, Optional.of(plugin),
                    plugin.getClass().getName());
        }
        if (OcfAgentName.isOcfSpelling(typeName)) {
            return explainOcf(typeName);
        }
        if (!isPlainFileName(typeName)) {
            return unresolved(typeName, "a script name cannot contain '/' or be '.' or '..'");
        }
        List<String> misses = new ArrayList<>();
        misses.add("no plugin type of that name" + Spelling.didYouMean(typeName, pluginTypes.keySet()));
        for (ScriptKind kind : List.of(ScriptKind.RESOURCE_D, ScriptKind.INIT_D)) {
            Path directory = kind == ScriptKind.RESOURCE_D ? directories.resourceD() : directories.initD();
            Path script = directory.resolve(typeName);
            Optional<String> unfit = unfitScript(script);
            if (unfit.isEmpty()) {
                return found(typeName, kind, script);
            }
            misses.add(unfit.get());
        }
        return unresolved(typeName, String.join("; ", misses));
    }

    /**
     * Makes the agent for one haresources resource.
     *
     * @throws InvalidResourceException when the type cannot be resolved (naming every place looked at) or the
     *                                  type rejects the arguments
     */
    public Resource create(ResourceSpec spec, ResourceContext context) throws InvalidResourceException {
        Resolution resolution = explain(spec.type());
        if (!resolution.resolved()) {
            throw new InvalidResourceException("resource " + spec + ": type " + resolution.describe());
        }
        return resolution.type().orElseThrow().create(spec, context);
    }

    private Resolution explainOcf(String typeName) {
        OcfAgentName name;
        try {
            name = OcfAgentName.parse(typeName);
        } catch (IllegalArgumentException e) {
            return unresolved(typeName, e.getMessage());
        }
        Path script = directories.ocfAgent(name.provider(), name.agent());
        return unfitScript(script)
                .map(unfit -> unresolved(typeName, unfit))
                .orElseGet(() -> found(typeName, ScriptKind.OCF, script));
    }

    private Resolution found(String typeName, ScriptKind kind, Path script) {
        Resolution.Origin origin = Resolution.Origin.valueOf(kind.name());
        ResourceType type = new ScriptResourceType(typeName, kind, script, directories.ocfRoot(), environment);
        return new Resolution(typeName, origin, Optional.of(type), script.toString());
    }

    private static Resolution unresolved(String typeName, String why) {
        return new Resolution(typeName, Resolution.Origin.UNRESOLVED, Optional.empty(), why);
    }

    private static Optional<String> unfitScript(Path script) {
        if (!Files.exists(script)) {
            return Optional.of(script + " does not exist");
        }
        if (!Files.isRegularFile(script)) {
            return Optional.of(script + " is not a regular file");
        }
        if (!Files.isExecutable(script)) {
            return Optional.of(script + " is not executable");
        }
        return Optional.empty();
    }

    private static boolean isPlainFileName(String name) {
        return !name.contains("/") && !name.equals(".") && !name.equals("..") && !name.contains("\0");
    }
}
