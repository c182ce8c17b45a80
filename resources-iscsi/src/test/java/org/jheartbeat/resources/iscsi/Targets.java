package org.jheartbeat.resources.iscsi;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.host.FakeNetwork;

/** Builds agents the way the agent daemon does: from a haresources token and HOCON settings over the defaults. */
final class Targets {

    static final String SEED_IQN = "iqn.2001-04.com.example:storage.disk2.sys1.xyz";

    private Targets() {
    }

    /** The {@code jheartbeat.resources} section: {@code iscsiSettings} (HOCON inside the iscsi block) over reference.conf. */
    static Config settings(String iscsiSettings) {
        return ConfigFactory.parseString("iscsi {" + iscsiSettings + "}")
                .withFallback(ConfigFactory.defaultReference().getConfig("jheartbeat.resources"));
    }

    static Resource agent(String token, String iscsiSettings, FakeCommandRunner runner,
                               TargetArguments.FileReader files) throws InvalidResourceException {
        return new IscsiTargetType(files).create(ResourceSpec.parse(token),
                new ResourceContext("node-a", runner, new FakeHost(), new FakeNetwork(),
                new RecordingFencer(), settings(iscsiSettings)));
    }

    static Resource agent(String token, String iscsiSettings, FakeCommandRunner runner)
            throws InvalidResourceException {
        return agent(token, iscsiSettings, runner, path -> {
            throw new java.nio.file.NoSuchFileException(path);
        });
    }
}
