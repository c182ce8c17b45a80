package org.jheartbeat.e2e;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.e2e.FaultStep.Kind;

/**
 * The fault lab's hb_standby and hb_takeover requests that may still be in force, and the placement the latest one
 * asks for. A request stays in force until its node issues another or leaves the cluster (docs/cluster.md): the lab
 * forgets one only when the node's agent stopped or its node lost power, and counts it in force through a cut or a
 * freeze, which may or may not have ended it. Scopes as in heartbeat: {@code local} covers the groups preferring the
 * node, {@code foreign} the others, {@code all} every group.
 *
 * <p>Once carried out, a takeover has every group it covers on its node (the latest takeover wins, its node is a
 * candidate, and the request forgets the group's failure marks); a standby has them off its node wherever another
 * live node is a candidate for them, which one whose own standby may cover the group is not.
 */
final class StandingRequests {

    private final ClusterSetup setup;
    private final Map<String, FaultStep> inForce = new HashMap<>();
    private Optional<FaultStep> latest = Optional.empty();

    StandingRequests(ClusterSetup setup) {
        this.setup = setup;
    }

    /** A step begins: what the previous step asked for is judged no more (its requests stay in force). */
    void stepBegins() {
        latest = Optional.empty();
    }

    /** The agent accepted the step's standby or takeover. */
    void made(FaultStep step) {
        inForce.put(step.nodes().get(0), step);
        latest = Optional.of(step);
    }

    /** The node's agent stopped or its node lost power: it left the cluster, and its request with it. */
    void forget(String node) {
        inForce.remove(node);
    }

    /**
     * Empty when {@code placement} (group name, as {@code g2}, to its node) is what the latest request of this step
     * asks for, or the step asked for nothing; otherwise which groups are where they should not be.
     *
     * @param live the nodes whose agents run
     */
    Optional<String> unmet(Map<String, String> placement, Collection<String> live) {
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        FaultStep request = latest.get();
        String node = request.nodes().get(0);
        List<String> misplaced = new ArrayList<>();
        placement.forEach((group, holder) -> {
            int index = Integer.parseInt(group.substring(1));
            if (!covers(request, index)) {
                return;
            }
            boolean wrong = request.kind() == Kind.TAKEOVER ? !holder.equals(node)
                    : holder.equals(node) && live.stream().anyMatch(other -> !other.equals(node)
                    && !standbyCovers(other, index));
            if (wrong) {
                misplaced.add(group + " on " + holder);
            }
        });
        return misplaced.isEmpty() ? Optional.empty()
                : Optional.of(request.describe() + " not carried out: " + String.join(", ", misplaced));
    }

    private boolean standbyCovers(String node, int group) {
        FaultStep request = inForce.get(node);
        return request != null && request.kind() == Kind.STANDBY && covers(request, group);
    }

    private boolean covers(FaultStep request, int group) {
        boolean home = setup.preferredNode(group).equals(request.nodes().get(0));
        return switch (request.scope()) {
            case "local" -> home;
            case "foreign", "failback" -> !home;
            default -> true;
        };
    }
}
