package org.jheartbeat.resources.drbd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.Map;
import java.util.ServiceLoader;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceType;
import org.junit.jupiter.api.Test;

class DrbdPluginTest {

    @Test
    void agentFindsDrbddiskThroughTheServiceLoaderAndGuice() {
        ResourcePlugin plugin = ServiceLoader.load(ResourcePlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(DrbdPlugin.class::isInstance)
                .findFirst().orElseThrow();

        Map<String, ResourceType> types = Guice.createInjector(plugin)
                .getInstance(Key.get(new TypeLiteral<Map<String, ResourceType>>() { }));

        assertThat(types).containsOnlyKeys("drbddisk");
        assertThat(types.get("drbddisk")).isInstanceOf(DrbdDiskType.class);
    }
}
