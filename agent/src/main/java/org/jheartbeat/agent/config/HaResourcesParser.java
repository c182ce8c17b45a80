package org.jheartbeat.agent.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jheartbeat.resource.ResourceSpec;

/**
 * Reads haresources as heartbeat's ResourceManager does: {@code #} to the end of a line is a comment, a line
 * ending in {@code \} continues on the next, the first word names the preferred node, and every further word
 * is a resource, {@code Type::arg::arg} or a bare name. A word that looks like an IPv4 address stands for
 * {@code IPaddr::word}.
 */
final class HaResourcesParser {

    /** heartbeat's own test for "this word is an address": the shell glob {@code [0-9]*.[0-9]*.[0-9]*.[0-9]*}. */
    private static final Pattern LOOKS_LIKE_ADDRESS = Pattern.compile("[0-9].*\\.[0-9].*\\.[0-9].*\\.[0-9].*");

    private final Path file;
    private final List<String> nodes;
    private final Problems problems;
    private final Map<String, SourceLocation> resourceLines = new HashMap<>();

    private HaResourcesParser(Path file, List<String> nodes, Problems problems) {
        this.file = file;
        this.nodes = nodes;
        this.problems = problems;
    }

    /**
     * @param nodes the lower-case node names of ha.cf; when empty (ha.cf failed), preferred nodes are not checked
     */
    static List<ResourceGroup> parse(Path file, List<String> nodes, Problems problems) {
        List<String> lines;
        try {
            lines = ConfigFiles.readLines(file, problems);
        } catch (IOException e) {
            problems.error(SourceLocation.wholeFile(file), "cannot read haresources: " + ConfigFiles.reason(e));
            return List.of();
        }
        return new HaResourcesParser(file, nodes, problems).groups(lines);
    }

    private List<ResourceGroup> groups(List<String> lines) {
        List<ResourceGroup> groups = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        SourceLocation start = null;
        for (int index = 0; index < lines.size(); index++) {
            String text = lines.get(index);
            int comment = text.indexOf('#');
            String content = (comment >= 0 ? text.substring(0, comment) : text).stripTrailing();
            if (start == null) {
                start = new SourceLocation(file, index + 1);
            }
            boolean continues = content.endsWith("\\");
            logical.append(continues ? content.substring(0, content.length() - 1) : content).append(' ');
            if (!continues) {
                group(start, logical.toString()).ifPresent(groups::add);
                logical.setLength(0);
                start = null;
            }
        }
        if (start != null) {
            problems.warning(start, "the last line ends in \\ but nothing follows it");
            group(start, logical.toString()).ifPresent(groups::add);
        }
        return groups;
    }

    private Optional<ResourceGroup> group(SourceLocation at, String text) {
        String[] words = text.strip().split("\\s+");
        if (words[0].isEmpty()) {
            return Optional.empty();
        }
        String node = words[0].toLowerCase(Locale.ROOT);
        boolean valid = true;
        if (!nodes.isEmpty() && !nodes.contains(node)) {
            problems.error(at, "preferred node '" + words[0] + "' is not a node of ha.cf (" + String.join(", ", nodes)
                    + "): the first word of a haresources line must be one of them, as uname -n prints it");
            valid = false;
        }
        if (words.length == 1) {
            problems.error(at, "node " + words[0] + " is given no resources: list them after the node name");
            return Optional.empty();
        }
        List<ConfiguredResource> resources = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            String token = LOOKS_LIKE_ADDRESS.matcher(words[i]).matches() ? "IPaddr::" + words[i] : words[i];
            if (token.startsWith(ResourceSpec.SEPARATOR)) {
                problems.error(at, "resource '" + words[i] + "' has no type before '::'");
                valid = false;
                continue;
            }
            ResourceSpec spec = ResourceSpec.parse(token);
            SourceLocation earlier = resourceLines.putIfAbsent(spec.id(), at);
            if (earlier != null) {
                problems.error(at, "resource " + spec.id() + " is already in the group on line " + earlier.line()
                        + ": a resource can belong to one group only");
                valid = false;
            }
            resources.add(new ConfiguredResource(spec, at));
        }
        return valid ? Optional.of(new ResourceGroup(node, resources, at)) : Optional.empty();
    }
}
