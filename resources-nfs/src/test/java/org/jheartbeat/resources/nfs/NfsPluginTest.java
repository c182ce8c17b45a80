package org.jheartbeat.resources.nfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.Map;
import java.util.ServiceLoader;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceType;
import org.junit.jupiter.api.Test;

class NfsPluginTest {

    @Test
    void theSeedsBareNfsKernelServerNameAndNfsGaneshaAreBoundAsPluginTypes() {
        ResourcePlugin plugin = ServiceLoader.load(ResourcePlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(NfsPlugin.class::isInstance).findFirst().orElseThrow();

        Map<String, ResourceType> types = Guice.createInjector(plugin)
                .getInstance(Key.get(new TypeLiteral<Map<String, ResourceType>>() { }));

        assertThat(types).containsOnlyKeys("nfs-kernel-server", "nfs-ganesha");
        assertThat(types.get("nfs-kernel-server").name()).isEqualTo("nfs-kernel-server");
    }
}
