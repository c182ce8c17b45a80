package org.jheartbeat.resources.iscsi;

import java.util.List;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceType;

/** Contributes the {@code iSCSITarget} resource type. */
public final class IscsiPlugin extends ResourcePlugin {

    @Override
    protected Iterable<ResourceType> types() {
        return List.of(new IscsiTargetType());
    }
}
