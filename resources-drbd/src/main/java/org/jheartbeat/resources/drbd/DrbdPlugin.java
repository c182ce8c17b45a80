package org.jheartbeat.resources.drbd;

import java.util.List;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceType;
import org.jheartbeat.resource.StartupCheck;

/** Contributes the {@code drbddisk} resource type and DRBD's degraded-startup check. */
public final class DrbdPlugin extends ResourcePlugin {

    @Override
    protected Iterable<ResourceType> types() {
        return List.of(new DrbdDiskType());
    }

    @Override
    protected Iterable<StartupCheck> startupChecks() {
        return List.of(new DrbdStartupCheck());
    }
}
