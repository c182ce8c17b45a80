package org.jheartbeat.resources.iscsi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The targets of an {@code ietd.conf} (IET's configuration, ietd.conf(5)): {@code Target} stanzas with their
 * {@code Lun N Path=...,Type=fileio|blockio} lines and {@code IncomingUser}. The global part before the first
 * target (discovery accounts) and the iSCSI tuning parameters are noted as ignored, since tgt and LIO pick their
 * own values; anything else is an error naming the file and line.
 */
final class IetdConf {

    /** Parameters ietd.conf(5) documents that the backends here do not carry over. */
    private static final Set<String> TUNING = Set.of("alias", "headerdigest", "datadigest", "maxconnections",
            "maxsessions", "initialr2t", "immediatedata", "maxrecvdatasegmentlength", "maxxmitdatasegmentlength",
            "maxburstlength", "firstburstlength", "defaulttime2wait", "defaulttime2retain", "maxoutstandingr2t",
            "nopinterval", "noptimeout", "datapduinorder", "datasequenceinorder", "errorrecoverylevel", "wthreads",
            "queuedcommands");
    private static final Set<String> IGNORED_LUN_KEYS = Set.of("scsiid", "scsisn", "iomode", "blocksize");

    /** One {@code Target} stanza. */
    record Target(IscsiName name, List<Lun> luns, Optional<ChapAccount> incomingUser, String origin) {
    }

    /**
     * @param ignored one line per setting read but not carried over, with file and line, for the log
     */
    record Parsed(List<Target> targets, List<String> ignored) {
    }

    private final String source;
    private final List<Target> targets = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private String where;
    private IscsiName name;
    private String nameOrigin;
    private List<Lun> luns;
    private ChapAccount incomingUser;

    private IetdConf(String source) {
        this.source = source;
    }

    /**
     * @param source the file name, for messages
     * @throws IllegalArgumentException {@code source:line: reason} for the first line that is wrong
     */
    static Parsed parse(String text, String source) {
        IetdConf conf = new IetdConf(source);
        conf.read(text);
        return new Parsed(List.copyOf(conf.targets), List.copyOf(conf.ignored));
    }

    private void read(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder joined = new StringBuilder();
        int firstLine = 0;
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index].replace("\r", "");
            if (joined.length() == 0) {
                firstLine = index + 1;
            }
            if (line.endsWith("\\")) {
                joined.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            joined.append(line);
            String logical = joined.toString().strip();
            joined.setLength(0);
            where = source + ":" + firstLine;
            if (!logical.isEmpty() && !logical.startsWith("#")) {
                line(logical);
            }
        }
        finishTarget();
    }

    private void line(String line) {
        String[] words = line.split("\\s+", 2);
        String keyword = words[0].toLowerCase(Locale.ROOT);
        String rest = words.length > 1 ? words[1].strip() : "";
        if (keyword.equals("target")) {
            finishTarget();
            startTarget(rest);
        } else if (name == null) {
            if (!keyword.equals("incominguser") && !keyword.equals("outgoinguser") && !TUNING.contains(keyword)) {
                throw error("'" + words[0] + "' before the first Target");
            }
            ignored.add(where + ": global " + words[0] + " (discovery and defaults are not carried over)");
        } else if (keyword.equals("lun")) {
            luns.add(lun(rest));
        } else if (keyword.equals("incominguser")) {
            incomingUser(rest);
        } else if (keyword.equals("outgoinguser")) {
            throw error("OutgoingUser (mutual CHAP) is not supported; remove it or serve the target with IET itself");
        } else if (TUNING.contains(keyword)) {
            ignored.add(where + ": " + words[0] + " of target " + name + " (the backend's default applies)");
        } else {
            throw error("unknown keyword '" + words[0] + "' in target " + name);
        }
    }

    private void startTarget(String rest) {
        if (rest.isEmpty() || rest.contains(" ")) {
            throw error("Target needs exactly one name, got '" + rest + "'");
        }
        try {
            name = new IscsiName(rest);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        nameOrigin = where;
        luns = new ArrayList<>();
        incomingUser = null;
    }

    private Lun lun(String rest) {
        String[] words = rest.split("\\s+", 2);
        int number;
        try {
            number = Integer.parseInt(words[0]);
        } catch (NumberFormatException e) {
            throw error("Lun needs a number, got '" + words[0] + "'");
        }
        if (words.length < 2) {
            throw error("Lun " + number + " has no Path=");
        }
        String path = null;
        LunType type = LunType.FILEIO;
        for (String parameter : words[1].split(",")) {
            int equals = parameter.indexOf('=');
            if (equals < 0) {
                throw error("Lun " + number + ": '" + parameter + "' is not key=value");
            }
            String key = parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = parameter.substring(equals + 1).strip();
            if (key.equals("path")) {
                path = value;
            } else if (key.equals("type")) {
                try {
                    type = LunType.parse(value);
                } catch (IllegalArgumentException e) {
                    throw error("Lun " + number + ": " + e.getMessage() + " (nullio has no backing store to fail over)");
                }
            } else if (IGNORED_LUN_KEYS.contains(key)) {
                ignored.add(where + ": Lun " + number + " " + parameter.strip());
            } else {
                throw error("Lun " + number + ": unknown parameter '" + parameter.strip() + "'");
            }
        }
        if (path == null) {
            throw error("Lun " + number + " has no Path=");
        }
        try {
            return new Lun(number, path, type);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private void incomingUser(String rest) {
        if (incomingUser != null) {
            throw error("a second IncomingUser for target " + name + "; only one account per target is supported");
        }
        String[] words = rest.split("\\s+");
        if (words.length != 2) {
            throw error("IncomingUser needs a user and a secret");
        }
        try {
            incomingUser = new ChapAccount(words[0], words[1]);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private void finishTarget() {
        if (name == null) {
            return;
        }
        if (luns.isEmpty()) {
            throw new IllegalArgumentException(nameOrigin + ": target " + name + " has no Lun");
        }
        if (targets.stream().anyMatch(target -> target.name().equals(name))) {
            throw new IllegalArgumentException(nameOrigin + ": target " + name + " defined twice");
        }
        targets.add(new Target(name, List.copyOf(luns), Optional.ofNullable(incomingUser), nameOrigin));
        name = null;
    }

    private IllegalArgumentException error(String reason) {
        return new IllegalArgumentException(where + ": " + reason);
    }
}
