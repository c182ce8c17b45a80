package org.jheartbeat.resources.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.Map;
import java.util.ServiceLoader;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceType;
import org.junit.jupiter.api.Test;

class FilesystemPluginTest {

    @Test
    void theAgentFindsTheFilesystemTypeThroughTheServiceLoader() {
        ResourcePlugin plugin = ServiceLoader.load(ResourcePlugin.class).stream()
                .filter(provider -> provider.type() == FilesystemPlugin.class)
                .findFirst().orElseThrow().get();

        Map<String, ResourceType> types = Guice.createInjector(plugin)
                .getInstance(Key.get(new TypeLiteral<Map<String, ResourceType>>() { }));

        assertThat(types).containsOnlyKeys("Filesystem");
        assertThat(types.get("Filesystem")).isInstanceOf(FilesystemType.class);
    }
}
