package org.jheartbeat.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads and checks the whole configuration in one pass that collects every problem: a cluster never starts
 * from a configuration with an error in it, and the operator sees all errors at once.
 */
public final class ConfigLoader {

    private final ClassLoader plugins;

    /** @param plugins the class loader whose reference.conf files define the known settings */
    public ConfigLoader(ClassLoader plugins) {
        this.plugins = plugins;
    }

    /** The outcome of a load: a config when there were no errors, and every problem found either way. */
    public record Result(Optional<ClusterConfig> config, List<ConfigProblem> problems, Optional<Parsed> parsed) {
        public Result {
            problems = problems.stream().sorted(ConfigProblem.REPORT_ORDER).toList();
        }

        Result(Optional<ClusterConfig> config, List<ConfigProblem> problems) {
            this(config, problems, Optional.empty());
        }

        public List<ConfigProblem> errors() {
            return problems.stream().filter(ConfigProblem::isError).toList();
        }

        public List<ConfigProblem> warnings() {
            return problems.stream().filter(problem -> !problem.isError()).toList();
        }
    }

    /**
     * What was read even though some file has errors, so that {@code hbctl config check} goes on to check the
     * groups' resources in the same run (every error of every file at once).
     */
    public record Parsed(Path configDir, String localNode, List<ResourceGroup> groups, Optional<Settings> settings) {
    }

    public Result load(ConfigSources sources) {
        Problems problems = new Problems();
        Optional<Path> found = sources.resolveConfigDir();
        if (found.isEmpty()) {
            problems.error(SourceLocation.wholeFile(ConfigSources.SEARCH_PATH.get(0).resolve("ha.cf")),
                    "no ha.cf in " + ConfigSources.SEARCH_PATH.get(0) + " or " + ConfigSources.SEARCH_PATH.get(1)
                            + ": install one, or name the directory with --config-dir");
            return new Result(Optional.empty(), problems.list());
        }
        Path dir = found.get();
        if (!Files.isDirectory(dir)) {
            problems.error(SourceLocation.wholeFile(dir), "configuration directory does not exist");
            return new Result(Optional.empty(), problems.list());
        }
        Path haCfFile = dir.resolve("ha.cf");
        HaCf haCf = HaCfParser.parse(haCfFile, problems);
        String localNode = localNode(sources, dir, haCfFile, problems);
        if (haCf != null && localNode != null && !haCf.nodes().isEmpty() && !haCf.nodes().contains(localNode)) {
            problems.error(SourceLocation.wholeFile(haCfFile), "this node '" + localNode + "' is not a node of "
                    + "ha.cf (" + String.join(", ", haCf.nodes()) + "): add it to a node line, as uname -n prints "
                    + "it" + (sources.localNode().isPresent() ? "" : ", or check another node's view with --node"));
        }
        Path haresourcesFile = dir.resolve("haresources");
        List<ResourceGroup> groups = List.of();
        if (Files.exists(haresourcesFile)) {
            groups = HaResourcesParser.parse(haresourcesFile, haCf == null ? List.of() : haCf.nodes(), problems);
        } else {
            problems.warning(SourceLocation.wholeFile(haresourcesFile), "no haresources: this cluster runs no "
                    + "resources");
        }
        Optional<AuthKeys> authKeys = AuthKeysParser.parse(dir.resolve("authkeys"), sources.authkeysOwner(),
                problems);
        Optional<Settings> settings = SettingsLoader.load(sources.settingsFile(), plugins, problems);
        if (problems.hasErrors()) {
            return new Result(Optional.empty(), problems.list(), Optional.of(new Parsed(dir,
                    localNode == null ? "" : localNode, groups, settings)));
        }
        return new Result(Optional.of(new ClusterConfig(dir, localNode, haCf, groups, authKeys.orElseThrow(),
                settings.orElseThrow())), problems.list());
    }

    private static String localNode(ConfigSources sources, Path dir, Path haCfFile, Problems problems) {
        try {
            return sources.resolveLocalNode(dir);
        } catch (IOException e) {
            problems.error(SourceLocation.wholeFile(haCfFile), "cannot tell this node's name: "
                    + ConfigFiles.reason(e) + "; name it with --node");
            return null;
        }
    }
}
