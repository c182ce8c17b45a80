package org.jheartbeat.resource;

import com.google.inject.AbstractModule;
import java.util.ArrayList;
import java.util.List;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;

/**
 * A jar's contribution of resource types. Each {@code resources-*} jar lists its subclass in
 * {@code META-INF/services/org.jheartbeat.resource.ResourcePlugin}; the agent finds it with
 * {@link java.util.ServiceLoader} and installs it into its injector. Types land in one map keyed by name, so
 * two plugins that claim the same name stop the agent at startup with both named.
 */
public abstract class ResourcePlugin extends AbstractModule {

    @Override
    protected final void configure() {
        MapBinder<String, ResourceType> types = typeMap(binder());
        for (ResourceType type : types()) {
            types.addBinding(type.name()).toInstance(type);
        }
        Multibinder<StartupCheck> checks = startupCheckSet(binder());
        for (StartupCheck check : startupChecks()) {
            checks.addBinding().toInstance(check);
        }
    }

    /** The types this plugin provides. */
    protected abstract Iterable<ResourceType> types();

    /** What this plugin checks once when the agent starts; none unless a plugin says otherwise. */
    protected Iterable<StartupCheck> startupChecks() {
        return List.of();
    }

    /** The names of the types this plugin provides, so the agent can name both plugins of a clash. */
    public final List<String> typeNames() {
        List<String> names = new ArrayList<>();
        types().forEach(type -> names.add(type.name()));
        return names;
    }

    /** The set every plugin's startup checks are bound into; the agent injects {@code Set<StartupCheck>}. */
    public static Multibinder<StartupCheck> startupCheckSet(com.google.inject.Binder binder) {
        return Multibinder.newSetBinder(binder, StartupCheck.class);
    }

    /** The map every plugin's types are bound into; the agent injects {@code Map<String, ResourceType>}. */
    public static MapBinder<String, ResourceType> typeMap(com.google.inject.Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, ResourceType.class);
    }
}
