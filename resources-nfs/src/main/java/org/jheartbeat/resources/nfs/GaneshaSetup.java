package org.jheartbeat.resources.nfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the resource takes from a Ganesha configuration, with Ganesha's defaults where a parameter is absent
 * (ganesha-core-config(8), ganesha-export-config(8)).
 *
 * @param recoveryRoot the directory of the NFSv4 client records a restarted server reads to allow reclaims
 * @param gracePeriod  seconds after start during which only reclaims succeed
 */
record GaneshaSetup(String recoveryBackend, Path recoveryRoot, int gracePeriod, boolean graceless, int port,
                    String bindAddress, List<Export> exports) {

    static final Path DEFAULT_RECOVERY_ROOT = Path.of("/var/lib/nfs/ganesha");
    /** The backends that keep the records as files under RecoveryRoot. */
    private static final Set<String> FILE_BACKENDS = Set.of("fs", "fs_ng");

    record Export(String id, Path path) {
    }

    GaneshaSetup {
        exports = List.copyOf(exports);
    }

    /** @throws IllegalArgumentException naming the origin and parameter that cannot be used */
    static GaneshaSetup from(GaneshaConfig config, String origin) {
        String backend = config.value("NFSV4", "RecoveryBackend").orElse("fs").toLowerCase(Locale.ROOT);
        if (!FILE_BACKENDS.contains(backend)) {
            throw new IllegalArgumentException(origin + ": NFSV4 RecoveryBackend = " + backend
                    + " does not keep the client records under RecoveryRoot; use fs (or fs_ng) with RecoveryRoot"
                    + " on the shared filesystem");
        }
        Path recoveryRoot = config.value("NFSV4", "RecoveryRoot").map(text -> absolute(text, origin, "RecoveryRoot"))
                .orElse(DEFAULT_RECOVERY_ROOT);
        int grace = number(config.value("NFSV4", "Grace_Period").orElse("90"), origin, "NFSV4 Grace_Period");
        boolean graceless = config.value("NFSV4", "Graceless").map(GaneshaSetup::isTrue).orElse(false);
        int port = number(config.value("NFS_CORE_PARAM", "NFS_Port").orElse("2049"), origin,
                "NFS_CORE_PARAM NFS_Port");
        String bind = config.value("NFS_CORE_PARAM", "Bind_addr").orElse("0.0.0.0");
        List<Export> exports = new ArrayList<>();
        for (GaneshaConfig export : config.blocks("EXPORT")) {
            String id = export.value("Export_Id").orElse("?");
            Path path = export.value("Path").map(text -> absolute(text, origin, "EXPORT " + id + " Path"))
                    .orElseThrow(() -> new IllegalArgumentException(origin + ": EXPORT " + id + " has no Path"));
            exports.add(new Export(id, path));
        }
        if (exports.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no EXPORT block, nothing to serve");
        }
        return new GaneshaSetup(backend, recoveryRoot, grace, graceless, port, bind, exports);
    }

    /** Where status probes reach the server: its bind address, or loopback when it listens on all. */
    String probeAddress(String fallback) {
        return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? fallback : bindAddress;
    }

    private static boolean isTrue(String text) {
        return Set.of("true", "yes", "on", "1").contains(text.toLowerCase(Locale.ROOT));
    }

    private static Path absolute(String text, String origin, String what) {
        Path path = Path.of(text);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(origin + ": " + what + " must be an absolute path, got '" + text + "'");
        }
        return path.normalize();
    }

    private static int number(String text, String origin, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(origin + ": " + what + " must be a number, got '" + text + "'", e);
        }
    }
}
