package org.jheartbeat.drbd;

import java.util.List;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceType;

/** Contributes the {@code drbddisk} resource type. */
public final class DrbdPlugin extends ResourcePlugin {

    @Override
    protected Iterable<ResourceType> types() {
        return List.of(new DrbdDiskType());
    }
}
