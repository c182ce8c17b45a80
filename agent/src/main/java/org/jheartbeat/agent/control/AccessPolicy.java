package org.jheartbeat.agent.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Invariant 7: root may do everything; the {@code haclient} group (a caller whose group is haclient, or a user
 * /etc/group lists in it) may query; everybody else is refused with a reason.
 */
public final class AccessPolicy {

    public static final String QUERY_GROUP = "haclient";
    private final Path groupFile;

    public AccessPolicy(Path groupFile) {
        this.groupFile = groupFile;
    }

    public static AccessPolicy system() {
        return new AccessPolicy(Path.of("/etc/group"));
    }

    public boolean mayQuery(Caller caller) {
        return caller.isRoot() || caller.group().equals(QUERY_GROUP) || listedInQueryGroup(caller.user());
    }

    public boolean mayChange(Caller caller) {
        return caller.isRoot();
    }

    private boolean listedInQueryGroup(String user) {
        List<String> lines;
        try {
            lines = Files.readAllLines(groupFile);
        } catch (IOException e) {
            return false;
        }
        for (String line : lines) {
            String[] fields = line.split(":", -1);
            if (fields.length == 4 && fields[0].equals(QUERY_GROUP)) {
                return List.of(fields[3].split(",")).contains(user);
            }
        }
        return false;
    }
}
