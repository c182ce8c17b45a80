package org.jheartbeat.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", description = {
        "Read ha.cf, haresources, authkeys and jheartbeat.conf as the agent would, and report.",
        "Prints a summary and exits 0 when the agent could start from them; otherwise prints every error as "
                + "file:line: message and exits 1."})
final class ConfigCheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "heartbeat configuration directory (default: /etc/ha.d, else /etc/heartbeat)")
    private Path configDir;

    @Option(names = "--settings", paramLabel = "FILE",
            description = "jheartbeat settings (default: ${DEFAULT-VALUE})")
    private Path settings = ConfigSources.DEFAULT_SETTINGS;

    @Option(names = "--node", paramLabel = "NAME",
            description = "check as this node (default: nodeinfo, else uname -n)")
    private String node;

    @Override
    public Integer call() {
        ConfigSources sources = ConfigSources.defaults().withSettingsFile(settings);
        if (configDir != null) {
            sources = sources.withConfigDir(configDir);
        }
        if (node != null) {
            sources = sources.withLocalNode(node);
        }
        ConfigLoader.Result result = new ConfigLoader(Thread.currentThread().getContextClassLoader()).load(sources);
        PrintWriter out = spec.commandLine().getOut();
        out.print(ConfigReport.render(result, sources));
        out.flush();
        return result.config().isPresent() ? 0 : 1;
    }
}
