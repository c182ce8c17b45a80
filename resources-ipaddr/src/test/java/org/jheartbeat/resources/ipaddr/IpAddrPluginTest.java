package org.jheartbeat.resources.ipaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.junit.jupiter.api.Test;

class IpAddrPluginTest {

    @Test
    void theAgentFindsTheThreeTypesThroughTheServiceFile() {
        ResourcePlugin plugin = ServiceLoader.load(ResourcePlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(IpAddrPlugin.class::isInstance)
                .findFirst().orElseThrow();

        Map<String, ResourceType> types = Guice.createInjector(plugin)
                .getInstance(Key.get(new TypeLiteral<Map<String, ResourceType>>() { }));

        assertThat(types).containsOnlyKeys("IPaddr", "IPaddr2", "IPv6addr");
    }

    @Test
    void shippedDefaultsAreHeartbeatsIpaddr2Ones() {
        IpAddrSettings settings = IpAddrSettings.from(ConfigFactory.empty());

        assertThat(settings.announceCount()).isEqualTo(5);
        assertThat(settings.announceInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.onDuplicate()).isEqualTo(IpAddrSettings.OnDuplicate.REFUSE);
        assertThat(IpAddrSettings.from(ConfigFactory.parseString("ipaddr.announce-count = 10")).announceCount()).isEqualTo(10);
    }

    @Test
    void badSettingsFailCreateNamingResourceAndKey() {
        ResourceContext context = new ResourceContext("a", new FakeCommandRunner(), new FakeHost(), new FakeNetwork(),
                new RecordingFencer(),
                ConfigFactory.parseString("ipaddr.on-duplicate = sometimes"));

        assertThatThrownBy(() -> new VirtualAddressType("IPaddr", AddressFamilies.IPV4_ONLY)
                .create(ResourceSpec.parse("IPaddr::10.0.0.1"), context))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessage("IPaddr::10.0.0.1: jheartbeat.resources.ipaddr.on-duplicate must be refuse or warn, got 'sometimes'");
    }
}
