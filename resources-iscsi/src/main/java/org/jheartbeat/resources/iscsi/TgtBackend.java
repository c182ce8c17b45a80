package org.jheartbeat.resources.iscsi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;

/**
 * The Linux SCSI target framework ({@code tgtd}, driven by {@code tgtadm}). tgt keeps LUN 0 for its own
 * controller device, so the configuration's LUN n is served as tgt LUN n+1. Stopping closes every connection
 * before deleting the target, because tgtadm refuses to delete a target with logged-in initiators or commands in
 * flight ({@code this target is still active}, {@code this logical unit is still active}).
 */
final class TgtBackend implements TargetBackend {

    private static final String STILL_ACTIVE = "still active";
    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

    private final OperationTools tools;
    private final OptionalInt controlPort;

    TgtBackend(OperationTools tools, OptionalInt controlPort) {
        this.tools = tools;
        this.controlPort = controlPort;
    }

    @Override
    public String name() {
        return "tgt";
    }

    @Override
    public String tool() {
        return "tgtadm";
    }

    @Override
    public String toolSource() {
        return "package tgt";
    }

    @Override
    public boolean available(Deadline deadline) throws OperationAbort {
        return tools.succeeds(deadline, tgtadm("--op", "show", "--mode", "target"));
    }

    @Override
    public Optional<String> unsupported(TargetDefinition target) {
        return Optional.empty();
    }

    @Override
    public Optional<ServedTarget> inspect(TargetDefinition wanted, Deadline deadline) throws OperationAbort {
        return find(wanted.name(), deadline).map(target -> {
            Map<Integer, String> luns = new HashMap<>();
            target.luns().forEach((tgtLun, path) -> luns.put(tgtLun - 1, path));
            int connections = target.sessions().stream().mapToInt(nexus -> nexus.connections().size()).sum();
            return new ServedTarget(wanted.name(), luns, target.acls(), target.accounts(), connections,
                    !target.state().equals("offline"));
        });
    }

    @Override
    public void serve(TargetDefinition target, Deadline deadline) throws OperationAbort {
        List<TgtShow.Target> all = show(deadline);
        Optional<TgtShow.Target> existing = all.stream().filter(t -> t.name().equals(target.name().value())).findFirst();
        int tid;
        if (existing.isPresent()) {
            tid = existing.get().tid();
        } else {
            tid = all.stream().mapToInt(TgtShow.Target::tid).max().orElse(0) + 1;
            tools.require(deadline, tgtadm("--op", "new", "--mode", "target", "--tid", Integer.toString(tid),
                    "--targetname", target.name().value()));
        }
        Map<Integer, String> luns = existing.map(TgtShow.Target::luns).orElse(Map.of());
        List<String> acls = existing.map(TgtShow.Target::acls).orElse(List.of());
        List<String> accounts = existing.map(TgtShow.Target::accounts).orElse(List.of());
        for (Lun lun : target.luns()) {
            if (!luns.containsKey(lun.number() + 1)) {
                tools.require(deadline, newLun(tid, lun));
            }
        }
        for (AllowedInitiator initiator : target.initiators()) {
            if (!acls.contains(initiator.value())) {
                tools.require(deadline, access("bind", tid, initiator));
            }
        }
        if (target.chap().isPresent() && !accounts.contains(target.chap().get().user())) {
            bindAccount(tid, target.chap().get(), deadline);
        }
        if (existing.isPresent() && existing.get().state().equals("offline")) {
            tools.require(deadline, tgtadm("--op", "update", "--mode", "target", "--tid", Integer.toString(tid),
                    "--name", "state", "--value", "ready"));
        }
    }

    private List<String> newLun(int tid, Lun lun) {
        List<String> argv = tgtadm("--op", "new", "--mode", "logicalunit", "--tid", Integer.toString(tid),
                "--lun", Integer.toString(lun.number() + 1), "--backing-store", lun.path());
        if (lun.type() == LunType.BLOCKIO) {
            // IET's blockio bypasses the page cache; tgt's rdwr store does the same with O_DIRECT.
            argv.addAll(List.of("--bsoflags", "direct"));
        }
        return argv;
    }

    private List<String> access(String op, int tid, AllowedInitiator initiator) {
        String option = initiator.kind() == AllowedInitiator.Kind.NAME ? "--initiator-name" : "--initiator-address";
        return tgtadm("--op", op, "--mode", "target", "--tid", Integer.toString(tid), option, initiator.value());
    }

    /** tgt cannot show a password, so an account of that name left from elsewhere is replaced to be sure of it. */
    private void bindAccount(int tid, ChapAccount account, Deadline deadline) throws OperationAbort {
        CommandResult existing = tools.require(deadline, tgtadm("--op", "show", "--mode", "account"));
        if (existing.stdout().lines().skip(1).map(String::strip).anyMatch(account.user()::equals)) {
            tools.require(deadline, tgtadm("--op", "delete", "--mode", "account", "--user", account.user()));
        }
        account.install(tools, deadline, tgtadm("--op", "new", "--mode", "account", "--user", account.user(),
                "--password", account.secret()), "tgtadm new account " + account.user());
        tools.require(deadline, tgtadm("--op", "bind", "--mode", "account", "--tid", Integer.toString(tid),
                "--user", account.user()));
    }

    @Override
    public void remove(TargetDefinition target, Deadline deadline) throws OperationAbort {
        Optional<TgtShow.Target> found = find(target.name(), deadline);
        if (found.isEmpty()) {
            return;
        }
        TgtShow.Target existing = found.get();
        String tid = Integer.toString(existing.tid());
        // Offline first: commands arriving while the connections are closed are refused instead of queued.
        tools.require(deadline, tgtadm("--op", "update", "--mode", "target", "--tid", tid, "--name", "state",
                "--value", "offline"));
        for (String acl : existing.acls()) {
            tools.require(deadline, access("unbind", existing.tid(), AllowedInitiator.parse(acl)));
        }
        for (TgtShow.Nexus nexus : existing.sessions()) {
            for (int connection : nexus.connections()) {
                tools.complete(deadline, tgtadm("--op", "delete", "--mode", "conn", "--tid", tid,
                        "--sid", Long.toString(nexus.sid()), "--cid", Integer.toString(connection)));
            }
        }
        deleteTarget(tid, deadline);
        if (target.chap().isPresent()) {
            deleteAccountIfUnused(target.chap().get().user(), deadline);
        }
    }

    /** Commands still in flight on a LUN make tgtadm refuse even a forced delete for a moment: retry until they drain. */
    private void deleteTarget(String tid, Deadline deadline) throws OperationAbort {
        while (true) {
            CommandResult delete = tools.complete(deadline, tgtadm("--op", "delete", "--force", "--mode", "target",
                    "--tid", tid));
            if (delete.succeeded() || delete.stderr().contains("can't find the target")) {
                return;
            }
            if (!delete.stderr().contains(STILL_ACTIVE) || !deadline.leaves(RETRY_PAUSE)) {
                throw tools.failure(delete);
            }
            OperationTools.pause(deadline, RETRY_PAUSE);
        }
    }

    private void deleteAccountIfUnused(String user, Deadline deadline) throws OperationAbort {
        boolean usedElsewhere = show(deadline).stream().anyMatch(other -> other.accounts().contains(user));
        if (!usedElsewhere) {
            CommandResult delete = tools.complete(deadline, tgtadm("--op", "delete", "--mode", "account", "--user", user));
            if (!delete.succeeded() && !delete.stderr().contains("can't find the account")) {
                throw tools.failure(delete);
            }
        }
    }

    private Optional<TgtShow.Target> find(IscsiName name, Deadline deadline) throws OperationAbort {
        return show(deadline).stream().filter(target -> target.name().equals(name.value())).findFirst();
    }

    private List<TgtShow.Target> show(Deadline deadline) throws OperationAbort {
        CommandResult show = tools.complete(deadline, tgtadm("--op", "show", "--mode", "target"));
        if (!show.succeeded()) {
            throw tools.failure(show, "tgtd does not answer: " + show.describe());
        }
        try {
            return TgtShow.parse(show.stdout());
        } catch (IllegalArgumentException e) {
            throw new OperationAbort(OperationResult.failed(e.getMessage()));
        }
    }

    private List<String> tgtadm(String... arguments) {
        List<String> argv = new ArrayList<>(List.of("tgtadm"));
        controlPort.ifPresent(port -> argv.addAll(List.of("-C", Integer.toString(port))));
        argv.addAll(List.of("--lld", "iscsi"));
        argv.addAll(List.of(arguments));
        return argv;
    }
}
