package org.jheartbeat.agent.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jheartbeat.agent.cluster.ClusterNode;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ClusterDigest;
import org.jheartbeat.agent.config.ConfigDifference;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigProblem;
import org.jheartbeat.agent.config.ResourceGroup;
import org.jheartbeat.agent.group.GroupManager;
import org.jheartbeat.agent.group.GroupResources;
import org.jheartbeat.agent.group.GroupRuntime;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.LocalGroups;
import org.jheartbeat.agent.group.RunState;
import org.jheartbeat.agent.logging.HeartbeatLog;
import org.jheartbeat.agent.ownership.Topology;
import org.jheartbeat.agent.plugins.ResourceFactory;
import org.jheartbeat.agent.scripts.ResourceTypeResolver;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reload of the configuration files, keepalived's way: the files are read and checked completely (every resource
 * of a new or changed group built by its type) before anything changes; with an error, nothing changes. Otherwise only
 * the {@link ConfigDifference} is applied: a changed group that runs here is stopped from its first changed resource,
 * and a manager of its new definition starts from there; a removed group that runs here is stopped; an added group
 * is placed by the cluster once every node knows it. A group whose haresources line did not change keeps its manager
 * and is never touched.
 */
final class ConfigReload {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReload.class);
    private static final Duration STEP_SLACK = Duration.ofSeconds(5);

    private final ResourceTypeResolver resolver;
    private final ResourceContext context;
    private final GroupRuntime runtime;
    private final LocalGroups groups;
    private final ClusterNode cluster;

    ConfigReload(ResourceTypeResolver resolver, ResourceContext context, GroupRuntime runtime, LocalGroups groups,
                 ClusterNode cluster) {
        this.resolver = resolver;
        this.context = context;
        this.runtime = runtime;
        this.groups = groups;
        this.cluster = cluster;
    }

    /**
     * @param running what the agent runs now
     * @param read    the files as read again
     */
    ReloadOutcome reload(ClusterConfig running, ConfigLoader.Result read) {
        read.warnings().forEach(warning -> LOG.warn("{}", warning));
        if (read.config().isEmpty()) {
            return refused(running, read.errors().stream().map(ConfigProblem::toString).toList());
        }
        ConfigDifference difference = ConfigDifference.between(running, read.config().get());
        if (difference.none()) {
            HeartbeatLog.configurationUnchanged();
            return new ReloadOutcome(true, List.of("Configuration unchanged."), running);
        }
        List<ResourceGroup> toBuild = new ArrayList<>(difference.added());
        difference.changed().stream().filter(ConfigDifference.Changed::resourcesChanged)
                .forEach(change -> toBuild.add(change.after()));
        ResourceFactory.Result built = new ResourceFactory(resolver, context).create(toBuild);
        if (!built.complete()) {
            return refused(running, built.problems().stream().filter(ConfigProblem::isError)
                    .map(ConfigProblem::toString).toList());
        }
        built.problems().forEach(warning -> LOG.warn("{}", warning));
        ClusterConfig effective = ConfigDifference.effective(running, read.config().get());
        List<String> lines = difference.lines();
        lines.forEach(line -> LOG.info("configuration reloaded: {}", line));
        apply(effective, difference, built.agents());
        return new ReloadOutcome(true, lines, effective);
    }

    private static ReloadOutcome refused(ClusterConfig running, List<String> problems) {
        List<String> lines = new ArrayList<>(problems);
        lines.add("nothing changed: the agent runs on as it was");
        lines.forEach(line -> LOG.error("configuration not reloaded: {}", line));
        return new ReloadOutcome(false, lines, running);
    }

    /**
     * In an order that never lets one resource run twice when a reload moves it between groups (a group's first
     * resource changed is a removal and an addition of groups that share the rest): the new managers take the groups'
     * names, so that the cluster's next instruction for a changed group goes to its new definition; each replaced
     * manager, after whatever it was asked before, stops what it runs from the first change on; the members learn the
     * groups without the added ones (so a removed group is left alone by every node from now on) and the removed
     * groups are stopped where they run; the changed groups start again from their change; only then do the members
     * learn the added groups, which the cluster places once every node knows them.
     */
    private void apply(ClusterConfig effective, ConfigDifference difference, Map<String, List<Resource>> built) {
        List<GroupManager> kept = new ArrayList<>();
        Map<GroupManager, GroupManager> replaced = new LinkedHashMap<>();
        for (ResourceGroup group : effective.groups()) {
            Optional<GroupManager> current = groups.group(group.id());
            List<Resource> agents = built.get(group.id());
            if (current.isPresent() && agents == null) {
                kept.add(current.get());
                continue;
            }
            GroupManager manager = new GroupManager(new GroupResources(group.id(), group.preferredNode(), agents),
                    effective.settings().groups(), runtime);
            kept.add(manager);
            current.ifPresent(old -> replaced.put(old, manager));
        }
        List<GroupManager> removed = difference.removed().stream().map(groups::group).flatMap(Optional::stream)
                .toList();
        List<GroupManager> untilRemovedStop = new ArrayList<>(kept);
        untilRemovedStop.addAll(removed);
        groups.replace(untilRemovedStop);
        List<GroupManager> resumed = new ArrayList<>();
        replaced.forEach((old, manager) -> {
            int first = difference.firstChanged(manager.name());
            if (await(old.stopFrom(first, "the reload changed the group from its resource " + (first + 1)))
                    .orElse(false)) {
                resumed.add(manager);
            }
            old.close();
        });
        String digest = ClusterDigest.of(effective);
        Set<String> added = difference.added().stream().map(ResourceGroup::id).collect(Collectors.toSet());
        await(cluster.reconfigure(Topology.of(effective).without(added), digest));
        for (GroupManager group : removed) {
            Optional<GroupSnapshot> stopped = await(group.stopIfHeld("removed from haresources by a reload"));
            if (stopped.filter(snapshot -> snapshot.state() != RunState.FENCING).isPresent()) {
                await(cluster.forget(group.name()));
            }
            group.close();
        }
        groups.replace(kept);
        for (GroupManager manager : resumed) {
            int first = difference.firstChanged(manager.name());
            await(manager.startAfter(first, "the reload changed its resources from resource " + (first + 1)));
        }
        if (!added.isEmpty()) {
            await(cluster.reconfigure(Topology.of(effective), digest));
        }
    }

    /** Waits as long as the slowest stop may take; a stop that fails has begun fencing the node by then. */
    private <T> Optional<T> await(CompletableFuture<T> step) {
        try {
            return Optional.ofNullable(step.get(groups.stopBound().plus(STEP_SLACK).toMillis(),
                    TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("reload: a step did not complete: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }
}
