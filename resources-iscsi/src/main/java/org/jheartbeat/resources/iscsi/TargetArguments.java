package org.jheartbeat.resources.iscsi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.ResourceSpec;

/**
 * The arguments of an {@code iSCSITarget} haresources token, in one of two spellings:
 * <pre>
 * iSCSITarget::iqn.2001-04.com.example:storage.disk2::/data/iSCSI/LUN0,blockio:/dev/vg0/lun1[::allow=10.0.0.0/24,...]
 * iSCSITarget::/etc/ietd.conf[::iqn.2001-04.com.example:storage.disk2][::allow=...]
 * </pre>
 * The first names the target and its LUNs (numbered from 0 in order, fileio unless prefixed {@code blockio:});
 * the second takes the target from an ietd.conf, which may be left out of the token when the file defines
 * exactly one target. {@code allow=} overrides the {@code allowed-initiators} setting.
 *
 * @param allow   the initiators the token allows, when it says
 * @param ignored settings of the ietd.conf that are not carried over, for the log
 */
record TargetArguments(IscsiName name, List<Lun> luns, Optional<ChapAccount> chap,
                       Optional<List<AllowedInitiator>> allow, String origin, List<String> ignored) {

    /** Reads a configuration file named in a token. */
    interface FileReader {
        String read(String path) throws IOException;
    }

    private static final String ALLOW = "allow=";

    static TargetArguments parse(ResourceSpec spec, FileReader files) throws InvalidResourceException {
        List<String> arguments = new ArrayList<>(spec.arguments());
        Optional<List<AllowedInitiator>> allow = Optional.empty();
        if (!arguments.isEmpty() && arguments.get(arguments.size() - 1).startsWith(ALLOW)) {
            String list = arguments.remove(arguments.size() - 1).substring(ALLOW.length());
            try {
                allow = Optional.of(Arrays.stream(list.split(",")).map(String::strip).map(AllowedInitiator::parse).toList());
            } catch (IllegalArgumentException e) {
                throw invalid(spec, e.getMessage());
            }
        }
        if (arguments.isEmpty()) {
            throw invalid(spec, "expected iSCSITarget::IQN::LUN-PATH[,LUN-PATH...] or iSCSITarget::/path/to/ietd.conf[::IQN]");
        }
        return arguments.get(0).startsWith("/")
                ? fromIetdConf(spec, arguments, allow, files)
                : inline(spec, arguments, allow);
    }

    private static TargetArguments inline(ResourceSpec spec, List<String> arguments,
                                          Optional<List<AllowedInitiator>> allow) throws InvalidResourceException {
        if (arguments.size() != 2) {
            throw invalid(spec, "expected the IQN and a comma-separated list of LUN paths, got " + arguments.size()
                    + " argument(s)");
        }
        IscsiName name = name(spec, arguments.get(0));
        List<Lun> luns = new ArrayList<>();
        for (String entry : arguments.get(1).split(",", -1)) {
            luns.add(lun(spec, luns.size(), entry.strip()));
        }
        return new TargetArguments(name, luns, Optional.empty(), allow, "haresources", List.of());
    }

    private static Lun lun(ResourceSpec spec, int number, String entry) throws InvalidResourceException {
        LunType type = LunType.FILEIO;
        String path = entry;
        int colon = entry.indexOf(':');
        if (colon > 0 && !entry.startsWith("/")) {
            try {
                type = LunType.parse(entry.substring(0, colon));
            } catch (IllegalArgumentException e) {
                throw invalid(spec, "LUN entry '" + entry + "': " + e.getMessage());
            }
            path = entry.substring(colon + 1);
        }
        try {
            return new Lun(number, path, type);
        } catch (IllegalArgumentException e) {
            throw invalid(spec, "LUN entry '" + entry + "': " + e.getMessage()
                    + "; expected /path or blockio:/path or fileio:/path");
        }
    }

    private static TargetArguments fromIetdConf(ResourceSpec spec, List<String> arguments,
                                                Optional<List<AllowedInitiator>> allow, FileReader files)
            throws InvalidResourceException {
        if (arguments.size() > 2) {
            throw invalid(spec, "expected the ietd.conf path and at most a target name, got " + arguments.size()
                    + " arguments");
        }
        String file = arguments.get(0);
        IetdConf.Parsed parsed;
        try {
            parsed = IetdConf.parse(files.read(file), file);
        } catch (IOException e) {
            throw invalid(spec, "cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw invalid(spec, e.getMessage());
        }
        IetdConf.Target target = select(spec, file, parsed.targets(),
                arguments.size() == 2 ? Optional.of(name(spec, arguments.get(1))) : Optional.empty());
        return new TargetArguments(target.name(), target.luns(), target.incomingUser(), allow, target.origin(),
                parsed.ignored());
    }

    private static IetdConf.Target select(ResourceSpec spec, String file, List<IetdConf.Target> targets,
                                          Optional<IscsiName> wanted) throws InvalidResourceException {
        List<String> names = targets.stream().map(target -> target.name().value()).toList();
        if (wanted.isPresent()) {
            return targets.stream().filter(target -> target.name().equals(wanted.get())).findFirst()
                    .orElseThrow(() -> invalid(spec, file + " has no target " + wanted.get() + " (it has " + names + ")"));
        }
        if (targets.size() != 1) {
            throw invalid(spec, file + " defines " + targets.size() + " targets " + names
                    + "; name the one this resource serves: iSCSITarget::" + file + "::IQN");
        }
        return targets.get(0);
    }

    private static IscsiName name(ResourceSpec spec, String text) throws InvalidResourceException {
        try {
            return new IscsiName(text);
        } catch (IllegalArgumentException e) {
            throw invalid(spec, e.getMessage());
        }
    }

    private static InvalidResourceException invalid(ResourceSpec spec, String reason) {
        return new InvalidResourceException(spec.id() + ": " + reason);
    }
}
