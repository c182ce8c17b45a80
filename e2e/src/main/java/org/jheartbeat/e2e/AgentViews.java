package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jheartbeat.resource.CommandResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The membership as each agent sees it, read with {@code hbctl status --xml} (docs/control-protocol.md; the same
 * content as {@code --json}, read with the JDK's own parser, as the lab runs without the agent's libraries): views are
 * internal to the agents, so this is the one thing the fault lab asks them. A step has settled only once the live
 * agents share one view: each counts exactly the live agents as members (online or standby, none pending, split or
 * restarting) and all name the same coordinator. A split left over from one step would otherwise carry into the
 * next unseen, where the split rule holds back what that step asks for. Where the groups run stays judged from
 * outside ({@link OutsideView}).
 */
final class AgentViews {

    private static final Set<String> MEMBER_STATES = Set.of("online", "standby");

    /** One agent's view: its coordinator, and every node's state as it sees it. */
    record View(String node, String coordinator, Map<String, String> states) {

        Set<String> members() {
            Set<String> members = new TreeSet<>();
            states.forEach((name, state) -> {
                if (MEMBER_STATES.contains(state)) {
                    members.add(name);
                }
            });
            return members;
        }

        @Override
        public String toString() {
            return node + " sees " + states + " (coordinator " + coordinator + ")";
        }
    }

    private final ClusterLab cluster;

    AgentViews(ClusterLab cluster) {
        this.cluster = cluster;
    }

    /**
     * Empty when the agents of {@code live} share one view of exactly themselves; otherwise what each said (or that it
     * did not answer).
     */
    Optional<String> disagreement(Collection<String> live) {
        Set<String> expected = new TreeSet<>(live);
        List<String> said = new ArrayList<>();
        boolean agreed = true;
        String coordinator = null;
        for (String node : expected) {
            Optional<View> view = view(node);
            if (view.isEmpty()) {
                said.add(node + " did not answer hbctl status --xml");
                agreed = false;
                continue;
            }
            said.add(view.get().toString());
            boolean onlyMembers = view.get().states().entrySet().stream().allMatch(entry ->
                    MEMBER_STATES.contains(entry.getValue()) == expected.contains(entry.getKey()));
            if (!onlyMembers || !view.get().members().equals(expected) || view.get().coordinator() == null
                    || (coordinator != null && !coordinator.equals(view.get().coordinator()))) {
                agreed = false;
            }
            coordinator = Objects.requireNonNullElse(coordinator, view.get().coordinator());
        }
        return agreed ? Optional.empty() : Optional.of(String.join("; ", said));
    }

    /** The node's agent's view; empty when it did not answer or answered something unreadable. */
    Optional<View> view(String node) {
        CommandResult result = cluster.hbctl(node, "status", "--xml");
        if (!result.succeeded()) {
            return Optional.empty();
        }
        try {
            Document status = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
                    .parse(new InputSource(new StringReader(result.stdout())));
            Map<String, String> states = new TreeMap<>();
            NodeList nodes = status.getElementsByTagName("node");
            for (int index = 0; index < nodes.getLength(); index++) {
                Element described = (Element) nodes.item(index);
                states.put(described.getAttribute("name"), described.getAttribute("state"));
            }
            Element coordinator = (Element) status.getElementsByTagName("coordinator").item(0);
            return Optional.of(new View(node, coordinator == null || coordinator.getAttribute("name").isEmpty() ? null
                    : coordinator.getAttribute("name"), states));
        } catch (IOException | SAXException | ParserConfigurationException e) {
            return Optional.empty();
        }
    }
}
