package org.jheartbeat.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a reload changes: the running configuration against the one read from the files again, by what each setting
 * means (a line moved or a comment added is no change). The groups of haresources, auto_failback and ha.cf's log
 * settings are applied by the reload; every other difference takes effect when the agent is next restarted, and the
 * reload says so. A pure function of the two configurations.
 *
 * @param added       groups in the new haresources only
 * @param removed     ids of groups in the running haresources only
 * @param changed     groups in both whose resources or preferred node differ
 * @param applied     the other differences the reload applies, one line each
 * @param needRestart the differences that take effect at the next restart, one line each
 */
public record ConfigDifference(List<ResourceGroup> added, List<String> removed, List<Changed> changed,
                               List<String> applied, List<String> needRestart) {

    /**
     * A group whose haresources line changed after its first resource (which names the group). Where it runs, the
     * resources from {@code firstChanged} on are stopped, last first, and the new ones started from there; those before
     * it keep running. Equal to the number of resources when only the preferred node changed: nothing is restarted.
     */
    public record Changed(ResourceGroup before, ResourceGroup after, int firstChanged) {

        public boolean resourcesChanged() {
            return firstChanged < before.resources().size() || firstChanged < after.resources().size();
        }
    }

    public ConfigDifference {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        applied = List.copyOf(applied);
        needRestart = List.copyOf(needRestart);
    }

    public static ConfigDifference between(ClusterConfig running, ClusterConfig next) {
        Map<String, ResourceGroup> before = byId(running.groups());
        Map<String, ResourceGroup> after = byId(next.groups());
        List<ResourceGroup> added = next.groups().stream().filter(group -> !before.containsKey(group.id())).toList();
        List<String> removed = running.groups().stream().map(ResourceGroup::id).filter(id -> !after.containsKey(id))
                .toList();
        List<Changed> changed = new ArrayList<>();
        for (ResourceGroup group : next.groups()) {
            ResourceGroup was = before.get(group.id());
            if (was != null && (!ids(was).equals(ids(group)) || !was.preferredNode().equals(group.preferredNode()))) {
                changed.add(new Changed(was, group, firstDifference(ids(was), ids(group))));
            }
        }
        List<String> applied = new ArrayList<>();
        HaCf old = running.haCf();
        HaCf now = next.haCf();
        if (old.autoFailback() != now.autoFailback()) {
            applied.add("ha.cf auto_failback: " + old.autoFailback().name().toLowerCase() + " -> "
                    + now.autoFailback().name().toLowerCase());
        }
        if (!old.logging().equals(now.logging())) {
            applied.add("ha.cf logging (logfacility, logfile, debugfile, debug): applied");
        }
        List<String> needRestart = new ArrayList<>();
        Restarts restarts = new Restarts(needRestart);
        restarts.compare("this node's name", running, next, ClusterConfig::localNode);
        restarts.compare("ha.cf node", old, now, HaCf::nodes);
        restarts.compare("ha.cf media (bcast, mcast, ucast, udpport)", old, now, ConfigDifference::media);
        restarts.compare("ha.cf timing (keepalive, warntime, deadtime, initdead)", old, now, HaCf::timing);
        restarts.compare("ha.cf ping, ping_group, deadping", old, now, haCf -> List.of(pings(haCf), haCf.deadping()));
        restarts.compare("ha.cf respawn", old, now, haCf -> haCf.respawns().stream()
                .map(respawn -> respawn.user() + " " + respawn.command()).toList());
        restarts.compare("ha.cf realtime, rtprio", old, now, haCf -> List.of(haCf.realtime(), haCf.rtprio()));
        restarts.compare("ha.cf watchdog", old, now, HaCf::watchdog);
        restarts.compare("authkeys", running.authKeys(), next.authKeys(), ConfigDifference::keys);
        Settings was = running.settings();
        Settings is = next.settings();
        restarts.compare("jheartbeat.conf control-socket", was, is, Settings::controlSocket);
        restarts.compare("jheartbeat.conf operations and monitor", was, is, Settings::groups);
        restarts.compare("jheartbeat.conf fencing", was, is, Settings::fencing);
        restarts.compare("jheartbeat.conf transport", was, is, Settings::transport);
        restarts.compare("jheartbeat.conf metrics", was, is, Settings::metrics);
        restarts.compare("jheartbeat.conf failures", was, is, Settings::failureExpiry);
        restarts.compare("jheartbeat.conf restart", was, is, Settings::restartGrace);
        restarts.compare("jheartbeat.conf resources", was, is, Settings::resources);
        return new ConfigDifference(added, removed, changed, applied, needRestart);
    }

    /**
     * Where a changed group's haresources line first differs: the index of the first resource to stop and start
     * again; 0 (all of it) for a group that did not change.
     */
    public int firstChanged(String group) {
        return changed.stream().filter(change -> change.after().id().equals(group)).mapToInt(Changed::firstChanged)
                .findFirst().orElse(0);
    }

    /** Whether the files say what the agent runs. */
    public boolean none() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && applied.isEmpty() && needRestart.isEmpty();
    }

    /**
     * The configuration the agent runs after the reload: the new haresources, auto_failback and log settings, and
     * for everything else what it ran before.
     */
    public static ClusterConfig effective(ClusterConfig running, ClusterConfig next) {
        HaCf old = running.haCf();
        HaCf now = next.haCf();
        HaCf haCf = new HaCf(old.nodes(), old.media(), old.timing(), old.deadping(), old.udpPort(), now.autoFailback(),
                old.pingTargets(), old.respawns(), old.ipfail(), old.realtime(), old.rtprio(), old.watchdog(),
                now.logging(), old.written());
        return new ClusterConfig(running.configDir(), running.localNode(), haCf, next.groups(), running.authKeys(),
                running.settings());
    }

    /** One line a difference, as {@code hbctl config reload} prints them. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        added.forEach(group -> lines.add("group " + group.id() + " added (preferred node " + group.preferredNode()
                + "): placed as the cluster decides"));
        removed.forEach(group -> lines.add("group " + group + " removed: stopped where it runs"));
        for (Changed change : changed) {
            String group = change.after().id();
            if (change.resourcesChanged()) {
                lines.add("group " + group + " changed from resource " + (change.firstChanged() + 1) + ": where it "
                        + "runs, " + restart(change) + "; " + (change.firstChanged() == 1
                        ? "the resource before it keeps running" : "the " + change.firstChanged()
                        + " resources before it keep running"));
            }
            if (!change.before().preferredNode().equals(change.after().preferredNode())) {
                lines.add("group " + group + " preferred node " + change.before().preferredNode() + " -> "
                        + change.after().preferredNode() + ": placed as the cluster decides");
            }
        }
        lines.addAll(applied);
        needRestart.forEach(what -> lines.add(what + " changed: not applied; it takes effect when the agent is "
                + "restarted (systemctl restart heartbeat restarts it in place, its groups running on)"));
        return lines;
    }

    /** What a changed group does where it runs: its old resources from the change stop, last first; the new start. */
    private static String restart(Changed change) {
        List<String> stops = new ArrayList<>(ids(change.before()).subList(change.firstChanged(),
                change.before().resources().size()));
        Collections.reverse(stops);
        List<String> starts = ids(change.after()).subList(change.firstChanged(), change.after().resources().size());
        List<String> steps = new ArrayList<>();
        if (!stops.isEmpty()) {
            steps.add("it stops " + String.join(", ", stops));
        }
        if (!starts.isEmpty()) {
            steps.add((stops.isEmpty() ? "it " : "") + "starts " + String.join(", ", starts));
        }
        return String.join(", then ", steps);
    }

    private static Map<String, ResourceGroup> byId(List<ResourceGroup> groups) {
        Map<String, ResourceGroup> byId = new LinkedHashMap<>();
        groups.forEach(group -> byId.put(group.id(), group));
        return byId;
    }

    private static List<String> ids(ResourceGroup group) {
        return group.resources().stream().map(ConfiguredResource::id).toList();
    }

    private static int firstDifference(List<String> before, List<String> after) {
        int index = 0;
        while (index < before.size() && index < after.size() && before.get(index).equals(after.get(index))) {
            index++;
        }
        return index;
    }

    private static List<String> media(HaCf haCf) {
        List<String> media = new ArrayList<>();
        for (Medium medium : haCf.media()) {
            if (medium instanceof Medium.Broadcast broadcast) {
                media.add("bcast " + broadcast.device() + " " + broadcast.port());
            } else if (medium instanceof Medium.Multicast multicast) {
                media.add("mcast " + multicast.device() + " " + multicast.group() + " " + multicast.port() + " "
                        + multicast.ttl() + " " + multicast.loop());
            } else if (medium instanceof Medium.Unicast unicast) {
                media.add("ucast " + unicast.device() + " " + unicast.peer() + " " + unicast.port());
            }
        }
        return media;
    }

    private static List<String> pings(HaCf haCf) {
        return haCf.pingTargets().stream().map(target -> target.name() + " " + target.addresses()).toList();
    }

    private static List<String> keys(AuthKeys keys) {
        List<String> described = new ArrayList<>(List.of("auth " + keys.activeIndex()));
        keys.keys().values().forEach(key -> described.add(key.index() + " " + key.method() + " " + key.secret()));
        described.subList(1, described.size()).sort(null);
        return described;
    }

    /** Collects the settings that differ and need a restart. */
    private record Restarts(List<String> differing) {
        <T> void compare(String what, T before, T after, Function<T, ?> meaning) {
            if (!Objects.equals(meaning.apply(before), meaning.apply(after))) {
                differing.add(what);
            }
        }
    }
}
