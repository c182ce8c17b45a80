package org.jheartbeat.resources.nfs;

import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;

/** A haresources name for an NFS server, bound to the backend that serves it. */
public final class NfsServerType implements ResourceType {

    /** Makes the backend for one resource, checking its arguments and settings. */
    @FunctionalInterface
    interface BackendFactory {
        NfsBackend create(ResourceSpec spec, ResourceContext context, NodeSystem system)
                throws InvalidResourceException;
    }

    private final String name;
    private final BackendFactory factory;
    private final NodeSystem system;

    NfsServerType(String name, BackendFactory factory, NodeSystem system) {
        this.name = name;
        this.factory = factory;
        this.system = system;
    }

    /** {@code nfs-kernel-server[::SHARED_STATE_DIRECTORY[::NOTIFY_NAME]]}: the kernel's nfsd. */
    static NfsServerType kernel(NodeSystem system) {
        return new NfsServerType(KernelNfsBackend.TYPE_NAME, KernelNfsBackend::create, system);
    }

    /** {@code nfs-ganesha[::CONFIG_FILE]}: the userspace NFS-Ganesha server. */
    static NfsServerType ganesha(NodeSystem system) {
        return new NfsServerType(GaneshaBackend.TYPE_NAME, GaneshaBackend::create, system);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Resource create(ResourceSpec spec, ResourceContext context) throws InvalidResourceException {
        return new NfsServerResource(spec, factory.create(spec, context, system));
    }
}
