package org.jheartbeat.resources.iscsi;

import java.util.List;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;

/**
 * Checks that every LUN's backing store is there and of the right kind before a target is created, through
 * {@code stat} so that the check sees the node's own mounts. A missing file is NOT_INSTALLED (the shared disk may
 * be mounted on another node, which can do better); a directory, or blockio on a file, is MISCONFIGURED.
 */
final class BackingStores {

    private BackingStores() {
    }

    static void check(OperationTools tools, TargetDefinition target, Deadline deadline) throws OperationAbort {
        for (Lun lun : target.luns()) {
            CommandResult stat = tools.complete(deadline, List.of("stat", "-L", "-c", "%F", lun.path()));
            judge(tools, lun, stat);
        }
    }

    /** {@code stat -c %F} prints the file type as words: "regular file", "regular empty file", "block special file". */
    private static void judge(OperationTools tools, Lun lun, CommandResult stat) throws OperationAbort {
        if (!stat.succeeded()) {
            if (stat.stderr().contains("No such file or directory")) {
                throw new OperationAbort(OperationResult.notInstalled(lun + ": backing store " + lun.path()
                        + " does not exist on this node (is its filesystem mounted?)"));
            }
            throw tools.failure(stat, lun + ": cannot check backing store: " + stat.describe());
        }
        String kind = stat.stdout().strip();
        boolean block = kind.equals("block special file");
        boolean file = kind.equals("regular file") || kind.equals("regular empty file");
        if (lun.type() == LunType.BLOCKIO && !block) {
            throw new OperationAbort(OperationResult.misconfigured(lun + ": blockio needs a block device, " + lun.path()
                    + " is a " + kind));
        }
        if (!block && !file) {
            throw new OperationAbort(OperationResult.misconfigured(lun + ": backing store " + lun.path() + " is a " + kind
                    + ", not a file or block device"));
        }
    }
}
