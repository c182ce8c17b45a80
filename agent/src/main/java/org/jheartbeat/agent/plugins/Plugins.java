package org.jheartbeat.agent.plugins;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.ServiceLoader;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceType;
import org.jheartbeat.resource.StartupCheck;

/**
 * The resource types contributed by the plugin jars on the class path, found through {@link ServiceLoader}
 * and collected by name in one Guice map binding.
 */
public final class Plugins {

    private static final Key<Map<String, ResourceType>> TYPES = Key.get(new TypeLiteral<>() { });
    private static final Key<Set<StartupCheck>> CHECKS = Key.get(new TypeLiteral<>() { });

    /** What the plugins contribute: their types by name, and their startup checks. */
    public record Contributions(Map<String, ResourceType> types, Set<StartupCheck> startupChecks) {
        public Contributions {
            types = Map.copyOf(types);
            startupChecks = Set.copyOf(startupChecks);
        }
    }

    private Plugins() {
    }

    /** Thrown when the plugins cannot be loaded, or not together (two claim the same type name). */
    public static final class PluginException extends RuntimeException {
        PluginException(String message) {
            super(message);
        }
    }

    /** The contributions of every plugin that {@code loader} can see. */
    public static Contributions load(ClassLoader loader) {
        return contributions(discover(loader));
    }

    /** Every plugin {@code loader} can see, checked to claim each type name once. */
    public static List<ResourcePlugin> discover(ClassLoader loader) {
        List<ResourcePlugin> plugins = new ArrayList<>();
        try {
            ServiceLoader.load(ResourcePlugin.class, loader).forEach(plugins::add);
        } catch (ServiceConfigurationError e) {
            throw new PluginException("cannot load a resource plugin: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        }
        refuseClashes(plugins);
        return plugins;
    }

    /** The contributions of the given plugins. */
    public static Contributions contributions(List<? extends ResourcePlugin> plugins) {
        refuseClashes(plugins);
        List<Module> modules = new ArrayList<>(plugins);
        modules.add(new AbstractModule() {
            @Override
            protected void configure() {
                // Declares the bindings even when no plugin is installed.
                ResourcePlugin.typeMap(binder());
                ResourcePlugin.startupCheckSet(binder());
            }
        });
        try {
            Injector injector = Guice.createInjector(modules);
            return new Contributions(injector.getInstance(TYPES), injector.getInstance(CHECKS));
        } catch (CreationException e) {
            throw new PluginException("resource plugins cannot be loaded: " + e.getMessage());
        }
    }

    private static void refuseClashes(List<? extends ResourcePlugin> plugins) {
        Map<String, ResourcePlugin> owners = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        for (ResourcePlugin plugin : plugins) {
            for (String name : plugin.typeNames()) {
                ResourcePlugin earlier = owners.putIfAbsent(name, plugin);
                if (earlier != null) {
                    clashes.add("resource type " + name + " is claimed by both " + describe(earlier) + " and "
                            + describe(plugin) + ": remove one of the two jars");
                }
            }
        }
        if (!clashes.isEmpty()) {
            throw new PluginException(String.join("\n", clashes));
        }
    }

    private static String describe(ResourcePlugin plugin) {
        CodeSource source = plugin.getClass().getProtectionDomain().getCodeSource();
        return plugin.getClass().getName() + (source == null ? "" : " (" + source.getLocation().getPath() + ")");
    }
}
