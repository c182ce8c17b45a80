package org.jheartbeat.resources.iscsi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;

/**
 * The kernel's LIO target, changed with {@code targetcli} and read back from configfs
 * ({@code /sys/kernel/config/target}): the target's portal group {@code tpgt_1}, its {@code lun/lun_N} links to
 * backstores under {@code core/}, whose {@code udev_path} holds the backing file, its {@code acls/}, and its
 * {@code attrib/generate_node_acls} (1: every initiator may log in). LIO's ACLs name initiators, so initiator
 * addresses are not supported. Each LUN gets a backstore of its own, named after the target and LUN number.
 */
final class LioBackend implements TargetBackend {

    static final String CONFIGFS = "/sys/kernel/config/target";
    private static final String NO_SUCH_FILE = "No such file or directory";

    private final OperationTools tools;

    LioBackend(OperationTools tools) {
        this.tools = tools;
    }

    @Override
    public String name() {
        return "lio";
    }

    @Override
    public String tool() {
        return "targetcli";
    }

    @Override
    public String toolSource() {
        return "package targetcli-fb";
    }

    /**
     * targetcli runs and LIO's core is in configfs. Not its {@code iscsi} directory: that appears only when a
     * targetcli command first touches the fabric (seen on a freshly booted bookworm node with the modules loaded),
     * so a node where no target was ever made would not count as having LIO.
     */
    @Override
    public boolean available(Deadline deadline) throws OperationAbort {
        return tools.succeeds(deadline, List.of("targetcli", "version"))
                && tools.succeeds(deadline, List.of("ls", CONFIGFS));
    }

    @Override
    public Optional<String> unsupported(TargetDefinition target) {
        List<AllowedInitiator> addresses = target.initiators().stream()
                .filter(initiator -> initiator.kind() == AllowedInitiator.Kind.ADDRESS).toList();
        return addresses.isEmpty() ? Optional.empty()
                : Optional.of("LIO allows initiators by name only, not by address " + addresses);
    }

    @Override
    public Optional<ServedTarget> inspect(TargetDefinition wanted, Deadline deadline) throws OperationAbort {
        String group = group(wanted.name());
        CommandResult links = tools.complete(deadline, List.of("find", group + "/lun", "-mindepth", "2", "-maxdepth", "2",
                "-type", "l", "-printf", "%h %l\\n"));
        if (!links.succeeded()) {
            if (links.stderr().contains(NO_SUCH_FILE)) {
                return Optional.empty();
            }
            throw tools.failure(links, "cannot read LIO's configfs: " + links.describe());
        }
        Map<Integer, String> luns = new HashMap<>();
        for (String line : links.stdout().split("\n")) {
            if (!line.isBlank()) {
                lunLink(line, luns, deadline);
            }
        }
        List<String> initiators = new ArrayList<>(lines(deadline, "ls", "-1", group + "/acls"));
        if (read(group + "/attrib/generate_node_acls", deadline).equals("1")) {
            initiators.add(AllowedInitiator.EVERYONE.value());
        }
        List<String> accounts = new ArrayList<>();
        String groupUser = read(group + "/auth/userid", deadline);
        if (!groupUser.isEmpty()) {
            accounts.add(groupUser);
        }
        int sessions = lines(deadline, "cat", group + "/dynamic_sessions").size();
        boolean enabled = read(group + "/enable", deadline).equals("1");
        return Optional.of(new ServedTarget(wanted.name(), luns, initiators, accounts, sessions, enabled));
    }

    /** {@code .../lun/lun_0 ../../../../../../target/core/fileio_0/NAME}: the backing path is in NAME's udev_path. */
    private void lunLink(String line, Map<Integer, String> luns, Deadline deadline) throws OperationAbort {
        int blank = line.indexOf(' ');
        int marker = line.lastIndexOf("/lun_", blank);
        int core = line.indexOf("/core/", blank);
        if (blank < 0 || marker < 0 || core < 0) {
            throw new OperationAbort(OperationResult.failed("unexpected LUN link in LIO's configfs: '" + line + "'"));
        }
        int number;
        try {
            number = Integer.parseInt(line.substring(marker + "/lun_".length(), blank));
        } catch (NumberFormatException e) {
            throw new OperationAbort(OperationResult.failed("unexpected LUN directory in LIO's configfs: '" + line + "'"));
        }
        luns.put(number, read(CONFIGFS + line.substring(core) + "/udev_path", deadline));
    }

    @Override
    public void serve(TargetDefinition target, Deadline deadline) throws OperationAbort {
        Optional<ServedTarget> existing = inspect(target, deadline);
        String iqn = target.name().value();
        String tpg = "/iscsi/" + iqn + "/tpg1";
        if (existing.isEmpty()) {
            targetcli(deadline, "/iscsi", "create", iqn);
        }
        Map<Integer, String> luns = existing.map(ServedTarget::luns).orElse(Map.of());
        for (Lun lun : target.luns()) {
            if (!luns.containsKey(lun.number())) {
                String store = backstore(target.name(), lun);
                String kind = storeKind(lun);
                targetcli(deadline, "/backstores/" + kind, "create", "name=" + store.substring(store.lastIndexOf('/') + 1),
                        (lun.type() == LunType.BLOCKIO ? "dev=" : "file_or_dev=") + lun.path());
                targetcli(deadline, tpg + "/luns", "create", store, "lun=" + lun.number());
            }
        }
        List<String> initiators = existing.map(ServedTarget::initiators).orElse(List.of());
        String authentication = "authentication=" + (target.chap().isPresent() ? 1 : 0);
        if (target.openToEveryone()) {
            targetcli(deadline, tpg, "set", "attribute", "generate_node_acls=1", "cache_dynamic_acls=1",
                    "demo_mode_write_protect=0", authentication);
            if (target.chap().isPresent()) {
                ChapAccount account = target.chap().get();
                account.install(tools, deadline, List.of("targetcli", tpg, "set", "auth", "userid=" + account.user(),
                        "password=" + account.secret()), "targetcli set auth of " + tpg);
            }
            return;
        }
        targetcli(deadline, tpg, "set", "attribute", "generate_node_acls=0", authentication);
        for (AllowedInitiator initiator : target.initiators()) {
            if (!initiators.contains(initiator.value())) {
                targetcli(deadline, tpg + "/acls", "create", initiator.value());
            }
            if (target.chap().isPresent()) {
                ChapAccount account = target.chap().get();
                account.install(tools, deadline, List.of("targetcli", tpg + "/acls/" + initiator.value(), "set", "auth",
                        "userid=" + account.user(), "password=" + account.secret()),
                        "targetcli set auth of " + tpg + "/acls/" + initiator.value());
            }
        }
    }

    /** Deleting the target ends its sessions in the kernel; the backstores made for its LUNs go after it. */
    @Override
    public void remove(TargetDefinition target, Deadline deadline) throws OperationAbort {
        Optional<ServedTarget> existing = inspect(target, deadline);
        if (existing.isPresent()) {
            targetcli(deadline, "/iscsi", "delete", target.name().value());
        }
        for (Lun lun : target.luns()) {
            String store = backstore(target.name(), lun);
            String name = store.substring(store.lastIndexOf('/') + 1);
            CommandResult delete = tools.complete(deadline, List.of("targetcli", "/backstores/" + storeKind(lun), "delete", name));
            if (!delete.succeeded() && !(delete.stdout() + delete.stderr()).contains("No storage object named")) {
                throw tools.failure(delete);
            }
        }
    }

    /** The backstore path this resource creates for a LUN: {@code /backstores/fileio/iqn_2001-04_com_example_x_lun0}. */
    static String backstore(IscsiName target, Lun lun) {
        return "/backstores/" + storeKind(lun) + "/" + target.value().replaceAll("[^A-Za-z0-9_-]", "_") + "_lun" + lun.number();
    }

    private static String storeKind(Lun lun) {
        return lun.type() == LunType.BLOCKIO ? "block" : "fileio";
    }

    private static String group(IscsiName target) {
        return CONFIGFS + "/iscsi/" + target.value() + "/tpgt_1";
    }

    private void targetcli(Deadline deadline, String... arguments) throws OperationAbort {
        List<String> argv = new ArrayList<>(List.of("targetcli"));
        argv.addAll(List.of(arguments));
        tools.require(deadline, argv);
    }

    /** One configfs attribute, stripped; empty when it does not exist. */
    private String read(String path, Deadline deadline) throws OperationAbort {
        CommandResult cat = tools.complete(deadline, List.of("cat", path));
        if (cat.succeeded()) {
            return cat.stdout().strip();
        }
        if (cat.stderr().contains(NO_SUCH_FILE)) {
            return "";
        }
        throw tools.failure(cat, "cannot read LIO's configfs: " + cat.describe());
    }

    /** The lines a listing or read of configfs prints; none when the path does not exist. */
    private List<String> lines(Deadline deadline, String... argv) throws OperationAbort {
        CommandResult result = tools.complete(deadline, List.of(argv));
        if (!result.succeeded()) {
            if (result.stderr().contains(NO_SUCH_FILE)) {
                return List.of();
            }
            throw tools.failure(result, "cannot read LIO's configfs: " + result.describe());
        }
        return result.stdout().lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
