package org.jheartbeat.agent.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.jheartbeat.agent.scripts.Resolution.Origin;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceTypeResolverTest {

    @TempDir
    Path temp;
    private ScriptFixtures scripts;
    private final ResourceContext context =
            new ResourceContext("node1", new FakeCommandRunner(), new FakeHost(), new FakeNetwork(),
                    new RecordingFencer(), ConfigFactory.empty());

    @BeforeEach
    void setUp() {
        scripts = new ScriptFixtures(temp);
    }

    @Test
    void pluginTypeWinsOverScriptsOfTheSameName() {
        scripts.resourceD("IPaddr");
        ResourceType plugin = new NamedType("IPaddr");

        Resolution resolution = resolver(Map.of("IPaddr", plugin)).explain("IPaddr");

        assertThat(resolution.origin()).isEqualTo(Origin.PLUGIN);
        assertThat(resolution.type()).containsSame(plugin);
    }

    @Test
    void resourceDScriptWinsOverInitDScript() {
        Path resourceD = scripts.resourceD("apache");
        scripts.initD("apache");

        Resolution resolution = resolver(Map.of()).explain("apache");

        assertThat(resolution.origin()).isEqualTo(Origin.RESOURCE_D);
        assertThat(resolution.describe()).isEqualTo("apache: heartbeat resource script " + resourceD);
    }

    @Test
    void initDScriptIsFoundWhenResourceDHasNone() {
        Path initD = scripts.initD("nfs-kernel-server");

        Resolution resolution = resolver(Map.of()).explain("nfs-kernel-server");

        assertThat(resolution.origin()).isEqualTo(Origin.INIT_D);
        assertThat(resolution.detail()).isEqualTo(initD.toString());
        assertThat(resolution.type().orElseThrow().name()).isEqualTo("nfs-kernel-server");
    }

    @Test
    void scriptThatIsNotAnExecutableRegularFileIsPassedOver() throws Exception {
        Path notExecutable = scripts.resourceD("apache");
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectory(scripts.directories().initD().resolve("apache"));

        Resolution resolution = resolver(Map.of()).explain("apache");

        assertThat(resolution.resolved()).isFalse();
        assertThat(resolution.describe()).isEqualTo("apache: cannot be resolved: no plugin type of that name; "
                + notExecutable + " is not executable; "
                + scripts.directories().initD().resolve("apache") + " is not a regular file");
    }

    @Test
    void unknownNameSaysWhereItLooked() {
        Resolution resolution = resolver(Map.of()).explain("nosuch");

        assertThat(resolution.origin()).isEqualTo(Origin.UNRESOLVED);
        assertThat(resolution.detail()).contains(
                scripts.directories().resourceD().resolve("nosuch") + " does not exist",
                scripts.directories().initD().resolve("nosuch") + " does not exist");
    }

    @Test
    void nameThatWouldLeaveTheScriptDirectoriesIsRejected() {
        scripts.initD("escape");

        assertThat(resolver(Map.of()).resolve("../init.d/escape")).isEmpty();
        assertThat(resolver(Map.of()).resolve("..")).isEmpty();
        assertThat(resolver(Map.of()).explain("../init.d/escape").detail()).contains("cannot contain '/'");
    }

    @Test
    void ocfNameResolvesToTheAgentOfThatProviderOnly() {
        Path agent = scripts.ocf("Web");
        scripts.resourceD("ocf:test:Web");

        Resolution resolution = resolver(Map.of()).explain("ocf:test:Web");

        assertThat(resolution.origin()).isEqualTo(Origin.OCF);
        assertThat(resolution.detail()).isEqualTo(agent.toString());
        assertThat(resolver(Map.of()).explain("ocf:other:Web").detail())
                .isEqualTo(scripts.directories().ocfAgent("other", "Web") + " does not exist");
    }

    @Test
    void malformedOcfNameSaysHowToWriteIt() {
        assertThat(resolver(Map.of()).explain("ocf:heartbeat").detail())
                .isEqualTo("'ocf:heartbeat' is not an OCF agent name; expected ocf:PROVIDER:AGENT::name=value::...");
        assertThat(resolver(Map.of()).resolve("ocf:..:Dummy")).isEmpty();
        assertThat(resolver(Map.of()).resolve("ocf:heartbeat:../../bin/sh")).isEmpty();
    }

    @Test
    void ocfArgumentsMustBeNameValuePairs() {
        scripts.ocf("Web");
        ResourceTypeResolver resolver = resolver(Map.of());

        assertThatThrownBy(() -> resolver.create(ResourceSpec.parse("ocf:test:Web::port=80::10.0.0.1"), context))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessage("resource ocf:test:Web::port=80::10.0.0.1: argument 2 '10.0.0.1' is not name=value"
                        + " with a name of letters, digits and _ (expected ocf:PROVIDER:AGENT::name=value::...)");
        assertThatThrownBy(() -> resolver.create(ResourceSpec.parse("ocf:test:Web::port=80::port=81"), context))
                .hasMessage("resource ocf:test:Web::port=80::port=81: parameter 'port' is given twice");
    }

    @Test
    void ocfParameterValueMayContainEqualsSigns() throws Exception {
        scripts.ocf("Web");

        Resource agent = resolver(Map.of()).create(ResourceSpec.parse("ocf:test:Web::options=a=b"), context);

        assertThat(agent.spec().id()).isEqualTo("ocf:test:Web::options=a=b");
    }

    @Test
    void creatingAResourceOfAnUnknownTypeNamesTheResourceAndWhereItLooked() {
        assertThatThrownBy(() -> resolver(Map.of()).create(ResourceSpec.parse("nosuch::arg"), context))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageStartingWith("resource nosuch::arg: type nosuch: cannot be resolved: no plugin type");
    }

    @Test
    void standardDirectoriesAreHeartbeatsAndDebians() {
        assertThat(ScriptDirectories.standard()).isEqualTo(new ScriptDirectories(Path.of("/etc/ha.d/resource.d"),
                Path.of("/etc/init.d"), Path.of("/usr/lib/ocf")));
        assertThat(ScriptDirectories.forConfigDir(Path.of("/etc/heartbeat")).resourceD())
                .isEqualTo(Path.of("/etc/heartbeat/resource.d"));
    }

    private ResourceTypeResolver resolver(Map<String, ResourceType> plugins) {
        return new ResourceTypeResolver(plugins, scripts.directories());
    }

    /** A plugin type that is only ever resolved, never asked to create anything. */
    private record NamedType(String name) implements ResourceType {
        @Override
        public Resource create(ResourceSpec spec, ResourceContext context) {
            throw new UnsupportedOperationException("resolution only");
        }
    }
}
