package org.jheartbeat.agent.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;
import org.jheartbeat.resource.StartupCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsTest {

    private record NamedType(String name, String plugin) implements ResourceType {
        @Override
        public Resource create(ResourceSpec spec, ResourceContext context) throws InvalidResourceException {
            throw new InvalidResourceException("not used here");
        }
    }

    private static final class AddressPlugin extends ResourcePlugin {
        @Override
        protected Iterable<ResourceType> types() {
            return List.of(new NamedType("IPaddr", "address"), new NamedType("IPaddr2", "address"));
        }
    }

    private static final class OtherAddressPlugin extends ResourcePlugin {
        @Override
        protected Iterable<ResourceType> types() {
            return List.of(new NamedType("IPaddr", "other"));
        }
    }

    private static final class DiskPlugin extends ResourcePlugin {
        @Override
        protected Iterable<ResourceType> types() {
            return List.of(new NamedType("drbddisk", "disk"));
        }

        @Override
        protected Iterable<StartupCheck> startupChecks() {
            return List.of((resources, context) -> Map.of());
        }
    }

    @Test
    void collectsStartupChecks() {
        assertThat(Plugins.contributions(List.of(new AddressPlugin(), new DiskPlugin())).startupChecks()).hasSize(1);
    }

    @Test
    void collectsEveryPluginsTypesByName() {
        assertThat(Plugins.contributions(List.of(new AddressPlugin(), new DiskPlugin())).types())
                .containsOnlyKeys("IPaddr", "IPaddr2", "drbddisk");
    }

    @Test
    void noPluginsMeansNoTypes() {
        assertThat(Plugins.contributions(List.of()).types()).isEmpty();
        assertThat(Plugins.contributions(List.of()).startupChecks()).isEmpty();
    }

    @Test
    void twoPluginsClaimingOneNameIsAnErrorNamingBoth() {
        assertThatThrownBy(() -> Plugins.contributions(List.of(new AddressPlugin(), new OtherAddressPlugin())))
                .isInstanceOf(Plugins.PluginException.class)
                .hasMessageStartingWith("resource type IPaddr is claimed by both "
                        + "org.jheartbeat.agent.plugins.PluginsTest$AddressPlugin (")
                .hasMessageContaining(" and org.jheartbeat.agent.plugins.PluginsTest$OtherAddressPlugin (")
                .hasMessageEndingWith("): remove one of the two jars");
    }

    @Test
    void aBrokenPluginJarIsAClearError(@TempDir Path jar) throws IOException {
        Path services = Files.createDirectories(jar.resolve("META-INF/services"));
        Files.writeString(services.resolve(ResourcePlugin.class.getName()), "org.example.MissingPlugin\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> Plugins.load(loader))
                    .isInstanceOf(Plugins.PluginException.class)
                    .hasMessageContaining("cannot load a resource plugin")
                    .hasMessageContaining("org.example.MissingPlugin not found");
        }
    }

    @Test
    void loadsNothingFromAClassPathWithoutPlugins() {
        assertThat(Plugins.load(PluginsTest.class.getClassLoader()).types()).isEmpty();
    }
}
