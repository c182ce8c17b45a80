package org.jheartbeat.resources.iscsi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;

/**
 * The iSCSI Enterprise Target ({@code ietd} with its kernel module, driven by {@code ietadm}), as the seed ran
 * it. State comes from {@code /proc/net/iet/volume} and {@code /proc/net/iet/session}. IET decides who may log
 * in from its {@code initiators.allow} file, which ietadm cannot change, so this backend serves only targets
 * open to ALL and leaves the file to the site.
 */
final class IetBackend implements TargetBackend {

    static final String VOLUMES = "/proc/net/iet/volume";
    static final String SESSIONS = "/proc/net/iet/session";
    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

    private final OperationTools tools;

    IetBackend(OperationTools tools) {
        this.tools = tools;
    }

    @Override
    public String name() {
        return "iet";
    }

    @Override
    public String tool() {
        return "ietadm";
    }

    @Override
    public String toolSource() {
        return "IET's iscsitarget, not packaged for Debian 12";
    }

    @Override
    public boolean available(Deadline deadline) throws OperationAbort {
        return tools.succeeds(deadline, List.of("cat", VOLUMES));
    }

    @Override
    public Optional<String> unsupported(TargetDefinition target) {
        if (target.openToEveryone()) {
            return Optional.empty();
        }
        return Optional.of("IET takes allowed initiators " + target.initiators()
                + " from its initiators.allow file, not from ietadm; put them there and allow ALL here");
    }

    @Override
    public Optional<ServedTarget> inspect(TargetDefinition wanted, Deadline deadline) throws OperationAbort {
        Optional<IetProc.Target> volume = find(VOLUMES, wanted.name(), deadline);
        if (volume.isEmpty()) {
            return Optional.empty();
        }
        int tid = volume.get().tid();
        int connections = find(SESSIONS, wanted.name(), deadline).map(target -> target.connections().size()).orElse(0);
        List<String> accounts = wanted.chap().isPresent() && hasAccount(tid, wanted.chap().get(), deadline)
                ? List.of(wanted.chap().get().user()) : List.of();
        return Optional.of(new ServedTarget(wanted.name(), volume.get().luns(), List.of(AllowedInitiator.EVERYONE.value()),
                accounts, connections, true));
    }

    /** IET has no proc file for accounts; ietadm answers for one named account with its exit status. */
    private boolean hasAccount(int tid, ChapAccount account, Deadline deadline) throws OperationAbort {
        return tools.complete(deadline, List.of("ietadm", "--op", "show", "--tid=" + tid, "--user",
                "--params=IncomingUser=" + account.user())).succeeded();
    }

    @Override
    public void serve(TargetDefinition target, Deadline deadline) throws OperationAbort {
        Optional<IetProc.Target> existing = find(VOLUMES, target.name(), deadline);
        if (existing.isEmpty()) {
            // tid 0 asks IET for the lowest free one; the volume file then tells which it took.
            tools.require(deadline, List.of("ietadm", "--op", "new", "--tid=0", "--params", "Name=" + target.name()));
            existing = find(VOLUMES, target.name(), deadline);
            if (existing.isEmpty()) {
                throw new OperationAbort(OperationResult.failed("ietadm created " + target.name() + " but " + VOLUMES
                        + " does not list it"));
            }
        }
        int tid = existing.get().tid();
        Map<Integer, String> luns = existing.get().luns();
        for (Lun lun : target.luns()) {
            if (!luns.containsKey(lun.number())) {
                tools.require(deadline, List.of("ietadm", "--op", "new", "--tid=" + tid, "--lun=" + lun.number(),
                        "--params", "Path=" + lun.path() + ",Type=" + lun.type().word()));
            }
        }
        if (target.chap().isPresent() && !hasAccount(tid, target.chap().get(), deadline)) {
            ChapAccount account = target.chap().get();
            account.install(tools, deadline, List.of("ietadm", "--op", "new", "--tid=" + tid, "--user",
                    "--params=IncomingUser=" + account.user() + ",Password=" + account.secret()),
                    "ietadm new IncomingUser " + account.user() + " for tid " + tid);
        }
    }

    /** ietadm deletes only a target without sessions: close every connection, then retry until it is gone. */
    @Override
    public void remove(TargetDefinition target, Deadline deadline) throws OperationAbort {
        while (true) {
            Optional<IetProc.Target> volume = find(VOLUMES, target.name(), deadline);
            if (volume.isEmpty()) {
                return;
            }
            String tid = "--tid=" + volume.get().tid();
            Optional<IetProc.Target> sessions = find(SESSIONS, target.name(), deadline);
            for (IetProc.Connection connection : sessions.map(IetProc.Target::connections).orElse(List.of())) {
                tools.complete(deadline, List.of("ietadm", "--op", "delete", tid, "--sid=" + connection.sid(),
                        "--cid=" + connection.cid()));
            }
            CommandResult delete = tools.complete(deadline, List.of("ietadm", "--op", "delete", tid));
            if (!delete.succeeded() && !deadline.leaves(RETRY_PAUSE)) {
                throw tools.failure(delete);
            }
            if (!delete.succeeded()) {
                OperationTools.pause(deadline, RETRY_PAUSE);
            }
        }
    }

    private Optional<IetProc.Target> find(String file, IscsiName name, Deadline deadline) throws OperationAbort {
        CommandResult read = tools.complete(deadline, List.of("cat", file));
        if (!read.succeeded()) {
            throw tools.failure(read, "IET is not running: " + read.describe());
        }
        try {
            return IetProc.parse(read.stdout(), file).stream().filter(target -> target.name().equals(name.value()))
                    .findFirst();
        } catch (IllegalArgumentException e) {
            throw new OperationAbort(OperationResult.failed(e.getMessage()));
        }
    }
}
