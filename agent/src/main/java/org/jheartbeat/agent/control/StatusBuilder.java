package org.jheartbeat.agent.control;

import java.util.Locale;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jheartbeat.agent.cluster.AwayRestarting;
import org.jheartbeat.agent.cluster.ClusterView;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfiguredResource;
import org.jheartbeat.agent.config.PingTarget;
import org.jheartbeat.agent.config.ResourceGroup;
import org.jheartbeat.agent.group.FailureRecord;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.RunState;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Request;

/**
 * Builds the status report from one moment's state: a pure function, so every rendering is tested from fixed
 * states. Nodes and groups come in ha.cf's and haresources' order.
 */
public final class StatusBuilder {

    private final ClusterConfig config;
    private final String version;
    private final String configDigest;

    public StatusBuilder(ClusterConfig config, String version, String configDigest) {
        this.config = config;
        this.version = version;
        this.configDigest = configDigest;
    }

    /**
     * @param linkMembers the nodes seen on each link, by link name, as this node's membership reports them
     * @param standing    who the links refuse, and whether the cluster refuses this node
     */
    public StatusReport build(ClusterView view, Map<String, Set<String>> linkMembers, Membership.Standing standing,
                              List<GroupSnapshot> local, Instant now) {
        Map<String, GroupSnapshot> snapshots = new LinkedHashMap<>();
        local.forEach(snapshot -> snapshots.put(snapshot.name(), snapshot));
        Map<String, String> preferred = new LinkedHashMap<>();
        config.groups().forEach(group -> preferred.put(group.id(), group.preferredNode()));
        return new StatusReport(StatusReport.SCHEMA, "jheartbeat", version, view.self(),
                view.members().contains(view.coordinator()) ? view.coordinator() : null, now.toString(),
                config.configDir().toString(), configDigest,
                ResourceHold.of(view.self(), view.members(), view.states(), preferred, config.haCf().nodes(),
                        config.haCf().autoFailback()),
                config.haCf().pingTargets().stream().map(PingTarget::name).toList(),
                nodes(view, linkMembers, standing.heartbeatNodes(), now), groups(view, snapshots), failedActions(view, snapshots),
                standing.refusedHere().orElse(null), standing.refusals().stream()
                        .map(refusal -> new StatusReport.RefusedSender(refusal.node(), refusal.address(),
                                refusal.reason(), refusal.last().toString())).toList());
    }

    /** @param heartbeatNodes ha.cf's nodes heard running heartbeat 3: no members, but alive */
    private List<StatusReport.Node> nodes(ClusterView view, Map<String, Set<String>> linkMembers,
                                          Set<String> heartbeatNodes, Instant now) {
        List<StatusReport.Node> nodes = new ArrayList<>();
        for (String name : config.haCf().nodes()) {
            boolean member = view.members().contains(name);
            NodeState state = member ? view.states().get(name) : null;
            String request = state == null ? null : state.request().map(StatusBuilder::describe).orElse(null);
            Optional<AwayRestarting> away = member ? Optional.empty()
                    : Optional.ofNullable(view.restarting().get(name));
            StatusReport.Restarting restarting = away.map(held -> new StatusReport.Restarting(
                    List.copyOf(new TreeSet<>(held.groups())), now.plus(held.left()).toString())).orElse(null);
            String word = !member ? heartbeatNodes.contains(name) ? "heartbeat3"
                    : away.isPresent() ? away.get().guardReleasing() ? "releasing" : "restarting"
                    : view.split().contains(name) ? "split" : "offline"
                    : state == null ? "pending"
                    : state.request().filter(r -> r.kind() == Request.Kind.STANDBY).isPresent() ? "standby" : "online";
            List<StatusReport.Link> links = linkMembers.entrySet().stream()
                    .map(link -> new StatusReport.Link(link.getKey(), link.getValue().contains(name))).toList();
            String digest = name.equals(view.self()) ? configDigest
                    : Optional.ofNullable(view.digests().get(name)).filter(said -> !said.isEmpty()).orElse(null);
            nodes.add(new StatusReport.Node(name, word, member && name.equals(view.coordinator()), links,
                    state == null ? null : state.pingReachable(), request,
                    state == null ? List.of() : List.copyOf(new TreeSet<>(state.failedGroups())), digest,
                    restarting));
        }
        return nodes;
    }

    private static String describe(Request request) {
        return request.kind().name().toLowerCase(Locale.ROOT) + " " + request.scope().word();
    }

    private List<StatusReport.Group> groups(ClusterView view, Map<String, GroupSnapshot> snapshots) {
        List<StatusReport.Group> groups = new ArrayList<>();
        for (ResourceGroup group : config.groups()) {
            // A group whose stop failed here says so (fencing, blocked): it is held here whatever else is reported.
            GroupSnapshot here = snapshots.get(group.id());
            boolean stuckHere = here != null && here.state().failedToStop();
            Optional<String> holder = stuckHere ? Optional.of(view.self()) : holder(view, group.id());
            Holding holding = holder.map(node -> view.states().get(node).holdings().get(group.id())).orElse(null);
            boolean failedSomewhere = view.states().values().stream()
                    .anyMatch(state -> state.failedGroups().contains(group.id()));
            boolean stuckThere = !stuckHere && holder.map(node -> view.blocked().getOrDefault(node, Set.of())
                    .contains(group.id())).orElse(false);
            String state = stuckHere ? here.state().word() : stuckThere ? RunState.BLOCKED.word()
                    : holding != null ? word(holding) : failedSomewhere ? "failed" : "stopped";
            GroupSnapshot snapshot = holder.filter(view.self()::equals).map(node -> here).orElse(null);
            List<StatusReport.Resource> resources = new ArrayList<>();
            for (int i = 0; i < group.resources().size(); i++) {
                ConfiguredResource resource = group.resources().get(i);
                String resourceState = snapshot != null && i < snapshot.resources().size()
                        ? snapshot.resources().get(i).state().word()
                        : holding != null ? word(holding) : "stopped";
                boolean placed = holder.isPresent() && !resourceState.equals(RunState.STOPPED.word());
                resources.add(new StatusReport.Resource(resource.id(), resource.spec().type(), resourceState,
                        placed ? holder.get() : null));
            }
            groups.add(new StatusReport.Group(group.id(), group.preferredNode(), state, holder.orElse(null),
                    resources));
        }
        return groups;
    }

    /** The node holding the group, preferring one that runs it over one starting or stopping it. */
    private Optional<String> holder(ClusterView view, String group) {
        Optional<String> any = Optional.empty();
        for (String node : config.haCf().nodes()) {
            NodeState state = view.members().contains(node) ? view.states().get(node) : null;
            Holding holding = state == null ? null : state.holdings().get(group);
            if (holding == Holding.RUNNING) {
                return Optional.of(node);
            }
            if (holding != null && any.isEmpty()) {
                any = Optional.of(node);
            }
        }
        return any;
    }

    private static String word(Holding holding) {
        return switch (holding) {
            case STARTING -> RunState.STARTING.word();
            case RUNNING -> RunState.STARTED.word();
            case STOPPING -> RunState.STOPPING.word();
        };
    }

    private List<StatusReport.FailedAction> failedActions(ClusterView view, Map<String, GroupSnapshot> snapshots) {
        List<StatusReport.FailedAction> actions = new ArrayList<>();
        for (GroupSnapshot snapshot : snapshots.values()) {
            for (FailureRecord failure : snapshot.failures()) {
                actions.add(new StatusReport.FailedAction(view.self(), snapshot.name(), failure.resource(),
                        failure.operation().word(), failure.outcome().name().toLowerCase(Locale.ROOT),
                        failure.reason(), failure.time().toString()));
            }
        }
        for (String node : config.haCf().nodes()) {
            NodeState state = view.members().contains(node) ? view.states().get(node) : null;
            if (state == null) {
                continue;
            }
            for (String group : new TreeSet<>(state.failedGroups())) {
                boolean recorded = actions.stream().anyMatch(a -> a.node().equals(node) && a.group().equals(group));
                if (!recorded) {
                    // This node knows why (a startup check's refusal); of another node only that it failed there.
                    String why = Optional.ofNullable(snapshots.get(group)).filter(snapshot -> node.equals(view.self())
                            && snapshot.state() == RunState.FAILED).map(GroupSnapshot::reason)
                            .orElse("failed on " + node);
                    String until = state.excludedGroups().contains(group) ? "not run there for now"
                            : "run there only where no other node can, until forgotten "
                            + config.settings().failureExpiry().toSeconds() + " s after the failure";
                    actions.add(new StatusReport.FailedAction(node, group, null, null, null,
                            why + "; " + until + " (hbctl resource cleanup " + group + " clears it)", null));
                }
            }
        }
        return actions;
    }
}
