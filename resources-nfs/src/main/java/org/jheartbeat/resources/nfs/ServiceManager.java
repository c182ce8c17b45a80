package org.jheartbeat.resources.nfs;

import java.nio.file.Path;
import java.util.List;
import org.jheartbeat.resource.host.Host;

/**
 * How the kernel server's services are started and stopped on this node: systemd when it runs the machine
 * (the sd_booted() test: {@code /run/systemd/system} is a directory), else Debian's init scripts.
 */
enum ServiceManager {
    AUTO, SYSTEMD, INIT_SCRIPT;

    /** The services the kernel resource drives, as systemd and as Debian's init scripts name them. */
    enum Service {
        NFS_SERVER("nfs-server.service", "nfs-kernel-server"),
        STATD("rpc-statd.service", "nfs-common");

        private final String unit;
        private final String initScript;

        Service(String unit, String initScript) {
            this.unit = unit;
            this.initScript = initScript;
        }

        Path initScript() {
            return INIT_D.resolve(initScript);
        }
    }

    static final Path SYSTEMD_RUNTIME = Path.of("/run/systemd/system");
    static final Path INIT_D = Path.of("/etc/init.d");

    static ServiceManager parse(String text) {
        return switch (text) {
            case "auto" -> AUTO;
            case "systemd" -> SYSTEMD;
            case "init-script" -> INIT_SCRIPT;
            default -> throw new IllegalArgumentException("expected auto, systemd or init-script, got '" + text + "'");
        };
    }

    /** AUTO made definite by looking at this node. */
    ServiceManager resolve(Host host) {
        if (this != AUTO) {
            return this;
        }
        return host.kind(SYSTEMD_RUNTIME) == Host.PathKind.DIRECTORY ? SYSTEMD : INIT_SCRIPT;
    }

    /** @param verb start, stop or restart */
    List<String> command(Service service, String verb) {
        return switch (this) {
            case SYSTEMD -> List.of("systemctl", verb, service.unit);
            case INIT_SCRIPT -> List.of(service.initScript().toString(), verb);
            case AUTO -> throw new IllegalStateException("resolve() the service manager first");
        };
    }
}
