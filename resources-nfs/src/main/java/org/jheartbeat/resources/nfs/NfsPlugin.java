package org.jheartbeat.resources.nfs;

import java.util.List;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceType;

/**
 * Contributes {@code nfs-kernel-server} and {@code nfs-ganesha}. The first is the name the seed's haresources
 * uses for Debian's init script; as a plugin type it is resolved before {@code /etc/init.d/nfs-kernel-server},
 * and still starts the server through that script (or systemd) after putting the state directory in place.
 */
public final class NfsPlugin extends ResourcePlugin {

    @Override
    protected Iterable<ResourceType> types() {
        return List.of(NfsServerType.kernel(), NfsServerType.ganesha());
    }
}
