package org.jheartbeat.resources.drbd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.StartupCheck;

/**
 * The {@link DegradedStartupCheck} as the agent runs it at start-up: a node whose disk is Inconsistent and
 * alone has already been fenced by the check where drbd.conf asks for it; otherwise that resource, like one in
 * split brain or unknown to the kernel, must not be promoted here, so its drbddisk resource is kept off this node
 * until an operator has looked.
 */
final class DrbdStartupCheck implements StartupCheck {

    @Override
    public Map<ResourceSpec, String> run(List<ResourceSpec> resources, ResourceContext context)
            throws StartupCheckException {
        List<DegradedStartupCheck.Verdict> verdicts;
        try {
            verdicts = new DegradedStartupCheck(context, context.host()).run(resources);
        } catch (DegradedStartupCheck.CheckFailedException e) {
            throw new StartupCheckException("DRBD degraded-startup check: " + e.getMessage());
        }
        Map<ResourceSpec, String> refused = new LinkedHashMap<>();
        for (DegradedStartupCheck.Verdict verdict : verdicts) {
            if (verdict.action() == DegradedStartupPolicy.Action.PROCEED
                    || verdict.action() == DegradedStartupPolicy.Action.PROCEED_DEGRADED) {
                continue;
            }
            for (ResourceSpec spec : resources) {
                boolean covers = spec.type().equals(DrbdDiskType.NAME) && (spec.arguments().isEmpty()
                        || spec.arguments().get(0).equals("all") || spec.arguments().get(0).equals(verdict.resource()));
                if (covers) {
                    refused.merge(spec, verdict.reason(), (earlier, later) -> earlier + "; " + later);
                }
            }
        }
        return refused;
    }
}
