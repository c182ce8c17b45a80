package org.jheartbeat.agent.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads ha.cf with heartbeat's rules: {@code #} starts a comment anywhere, the first word is the directive
 * (case-sensitive), values are separated by blanks or commas, the last of a repeated setting wins, and
 * {@code udpport} applies to the media that come after it. Every heartbeat v1 directive is known: honoured,
 * ignored with a warning that says why, or refused with an error that says what to do instead.
 */
final class HaCfParser {

    static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(1);
    static final Duration DEFAULT_DEADTIME = Duration.ofSeconds(30);
    static final int DEFAULT_UDP_PORT = 694;

    private static final Pattern VALUE_SEPARATORS = Pattern.compile("[,\\s]+");
    private static final Pattern INTERFACE_NAME = Pattern.compile("[^\\s/:]{1,15}(:[^\\s/]+)?");
    private static final Set<String> FACILITIES = Set.of("auth", "authpriv", "cron", "daemon", "ftp", "kern",
            "lpr", "mail", "news", "syslog", "user", "uucp", "local0", "local1", "local2", "local3", "local4",
            "local5", "local6", "local7");
    private static final Set<String> MEDIA = Set.of("bcast", "udp", "mcast", "mcast6", "ucast", "ucast6", "serial");
    private static final Set<String> PACEMAKER_MODES = Set.of("minimal", "manual", "respawn", "ccm-only", "valgrind");

    private final Path file;
    private final Problems problems;
    private final Map<String, Handler> handlers = new HashMap<>();
    private boolean mediumDirectiveSeen;
    private final Map<String, SourceLocation> singleValued = new HashMap<>();

    private final Set<String> nodes = new LinkedHashSet<>();
    private final List<Medium> media = new ArrayList<>();
    private final List<PingTarget> pingTargets = new ArrayList<>();
    private final List<Respawn> respawns = new ArrayList<>();
    private boolean ipfail;
    private final Map<String, Duration> times = new HashMap<>();
    private final Map<String, String> written = new LinkedHashMap<>();
    private int udpPort = DEFAULT_UDP_PORT;
    private SourceLocation udpPortLocation;
    private final List<SourceLocation> mediaBeforeUdpPort = new ArrayList<>();
    private AutoFailback autoFailback = AutoFailback.LEGACY;
    private SourceLocation autoFailbackLocation;
    private boolean realtime = true;
    private OptionalInt rtprio = OptionalInt.empty();
    private Optional<String> facility = Optional.empty();
    private boolean facilitySet;
    private Optional<Path> logfile = Optional.empty();
    private Optional<Path> debugfile = Optional.empty();
    private Optional<Path> watchdog = Optional.empty();
    private boolean useLogd;
    private int debugLevel;

    private HaCfParser(Path file, Problems problems) {
        this.file = file;
        this.problems = problems;
        for (String time : List.of("keepalive", "deadtime", "warntime", "initdead", "deadping")) {
            handlers.put(time, this::time);
        }
        handlers.put("udpport", this::udpPort);
        handlers.put("node", this::node);
        handlers.put("bcast", this::bcast);
        handlers.put("udp", this::udp);
        handlers.put("mcast", this::mcast);
        handlers.put("mcast6", this::mcast);
        handlers.put("ucast", this::ucast);
        handlers.put("ucast6", this::ucast);
        handlers.put("auto_failback", this::autoFailback);
        handlers.put("nice_failback", this::niceFailback);
        handlers.put("logfacility", this::logfacility);
        handlers.put("logfile", (directive, at, values) -> logfile = single(at, directive, values)
                .flatMap(value -> absolutePath(at, directive, value)));
        handlers.put("debugfile", (directive, at, values) -> debugfile = single(at, directive, values)
                .flatMap(value -> absolutePath(at, directive, value)));
        handlers.put("watchdog", (directive, at, values) -> watchdog = single(at, directive, values)
                .flatMap(value -> absolutePath(at, directive, value)));
        handlers.put("use_logd", this::useLogd);
        handlers.put("debug", this::debug);
        handlers.put("ping", this::ping);
        handlers.put("ping6", this::ping);
        handlers.put("ping_group", this::pingGroup);
        handlers.put("respawn", this::respawn);
        handlers.put("realtime", (directive, at, values) -> single(at, "realtime", values)
                .flatMap(value -> bool(at, "realtime", value)).ifPresent(on -> realtime = on));
        handlers.put("rtprio", this::rtprio);
        handlers.put("crm", this::pacemaker);
        handlers.put("pacemaker", this::pacemaker);
    }

    /** Parses {@code file}; problems go to {@code problems}, and the result is meaningful only without errors. */
    static HaCf parse(Path file, Problems problems) {
        HaCfParser parser = new HaCfParser(file, problems);
        List<String> lines;
        try {
            lines = ConfigFiles.readLines(file, problems);
        } catch (IOException e) {
            problems.error(SourceLocation.wholeFile(file), "cannot read ha.cf: " + ConfigFiles.reason(e));
            return null;
        }
        for (int index = 0; index < lines.size(); index++) {
            parser.line(new SourceLocation(file, index + 1), lines.get(index));
        }
        return parser.finish();
    }

    private void line(SourceLocation at, String text) {
        int comment = text.indexOf('#');
        String content = (comment >= 0 ? text.substring(0, comment) : text).strip();
        if (content.isEmpty()) {
            return;
        }
        String[] words = content.split("\\s+", 2);
        String directive = words[0];
        List<String> values = words.length < 2 ? List.of()
                : Arrays.stream(VALUE_SEPARATORS.split(words[1].strip())).filter(v -> !v.isEmpty()).toList();
        if (!values.isEmpty()) {
            written.remove(directive);
            written.put(directive, values.get(values.size() - 1));
        }
        Handler handler = handlers.get(directive);
        if (MEDIA.contains(directive)) {
            mediumDirectiveSeen = true;
        }
        if (handler != null) {
            handler.handle(directive, at, values);
        } else if (HaCfDirectives.IGNORED.containsKey(directive)) {
            problems.warning(at, directive + " is ignored: " + HaCfDirectives.IGNORED.get(directive));
        } else if (HaCfDirectives.REFUSED.containsKey(directive)) {
            problems.error(at, directive + ": " + HaCfDirectives.REFUSED.get(directive));
        } else {
            problems.error(at, "unknown directive '" + directive + "'" + suggestion(directive));
        }
    }

    private String suggestion(String directive) {
        String lower = directive.toLowerCase(Locale.ROOT);
        boolean known = handlers.containsKey(lower) || HaCfDirectives.IGNORED.containsKey(lower);
        if (!lower.equals(directive) && known) {
            return " (directives are lower case: '" + lower + "')";
        }
        List<String> directives = new ArrayList<>(handlers.keySet());
        directives.addAll(HaCfDirectives.IGNORED.keySet());
        return Spelling.closest(directive, directives).map(close -> " (did you mean '" + close + "'?)")
                .orElse(" (see ha.cf(5) for the directives heartbeat knows)");
    }

    /** A directive that takes exactly one value; repeating it replaces the earlier value, with a warning. */
    private Optional<String> single(SourceLocation at, String directive, List<String> values) {
        if (values.size() != 1) {
            problems.error(at, directive + " takes one value, found " + (values.isEmpty() ? "none" : values.size()
                    + ": " + String.join(" ", values)));
            return Optional.empty();
        }
        SourceLocation earlier = singleValued.put(directive, at);
        if (earlier != null) {
            problems.warning(at, directive + " is set again; this replaces the value of line " + earlier.line());
        }
        return Optional.of(values.get(0));
    }

    private void time(String directive, SourceLocation at, List<String> values) {
        single(at, directive, values).ifPresent(value -> {
            Optional<Duration> parsed = HeartbeatTime.parse(value);
            if (parsed.isEmpty()) {
                problems.error(at, directive + " '" + value + "' is not a time: write seconds (2, 1.5) or "
                        + "milliseconds (500ms)");
            } else if (parsed.get().isZero() && directive.equals("keepalive")) {
                problems.error(at, "keepalive must be greater than zero");
            } else {
                times.put(directive, parsed.get());
            }
        });
    }

    private void udpPort(String directive, SourceLocation at, List<String> values) {
        single(at, "udpport", values).flatMap(value -> port(at, "udpport", value)).ifPresent(port -> {
            udpPort = port;
            udpPortLocation = at;
        });
    }

    private Optional<Integer> port(SourceLocation at, String what, String value) {
        Optional<Integer> number = integer(value).filter(port -> port >= 1 && port <= 65535);
        if (number.isEmpty()) {
            problems.error(at, what + " '" + value + "' is not a port number (1-65535)");
        }
        return number;
    }

    private void node(String directive, SourceLocation at, List<String> values) {
        if (values.isEmpty()) {
            problems.error(at, "node needs at least one node name (the output of uname -n)");
        }
        for (String name : values) {
            if (!nodes.add(name.toLowerCase(Locale.ROOT))) {
                problems.warning(at, "node " + name + " is listed more than once");
            }
        }
    }

    private void bcast(String directive, SourceLocation at, List<String> values) {
        if (values.isEmpty()) {
            problems.error(at, "bcast needs at least one interface, e.g. bcast eth0");
        }
        for (String device : values) {
            if (device(at, device)) {
                addMedium(new Medium.Broadcast(device, udpPort, at));
            }
        }
    }

    private void udp(String directive, SourceLocation at, List<String> values) {
        problems.warning(at, "udp is the old name of bcast; write bcast");
        bcast("bcast", at, values);
    }

    private void mcast(String directive, SourceLocation at, List<String> values) {
        if (values.size() != 5) {
            problems.error(at, directive + " takes 5 values: " + directive
                    + " DEVICE GROUP PORT TTL LOOP, e.g. mcast eth0 239.192.0.42 694 1 0");
            return;
        }
        String device = values.get(0);
        String group = values.get(1);
        boolean ok = device(at, device);
        boolean ipv6 = directive.equals("mcast6");
        if (!(ipv6 ? Addresses.isIpv6Multicast(group) : Addresses.isIpv4Multicast(group))) {
            problems.error(at, directive + " group '" + group + "' is not an " + (ipv6 ? "IPv6" : "IPv4")
                    + " multicast address" + (ipv6 ? " (ff00::/8)" : " (224.0.0.0-239.255.255.255)"));
            ok = false;
        }
        Optional<Integer> port = port(at, directive + " port", values.get(2));
        Optional<Integer> ttl = integer(values.get(3)).filter(t -> t >= 1 && t <= 255);
        if (ttl.isEmpty()) {
            problems.error(at, directive + " ttl '" + values.get(3) + "' must be 1-255 (1 keeps it on the subnet)");
        }
        Optional<Boolean> loop = switch (values.get(4)) {
            case "0" -> Optional.of(false);
            case "1" -> Optional.of(true);
            default -> Optional.empty();
        };
        if (loop.isEmpty()) {
            problems.error(at, directive + " loop '" + values.get(4) + "' must be 0 or 1");
        }
        if (ok && port.isPresent() && ttl.isPresent() && loop.isPresent()) {
            media.add(new Medium.Multicast(device, group, port.get(), ttl.get(), loop.get(), at));
        }
    }

    private void ucast(String directive, SourceLocation at, List<String> values) {
        if (values.size() != 2) {
            problems.error(at, directive + " takes 2 values: " + directive + " DEVICE PEER, e.g. ucast eth1 10.0.0.7");
            return;
        }
        String peer = values.get(1);
        boolean ipv6 = directive.equals("ucast6");
        boolean peerOk = ipv6 ? Addresses.isIpv6(peer) : Addresses.isIpv4(peer) || Addresses.isHostName(peer);
        if (!peerOk) {
            problems.error(at, directive + " peer '" + peer + "' is not " + (ipv6 ? "an IPv6 address"
                    : "an IPv4 address or host name"));
        }
        if (device(at, values.get(0)) && peerOk) {
            addMedium(new Medium.Unicast(values.get(0), peer, udpPort, at));
        }
    }

    private void addMedium(Medium medium) {
        media.add(medium);
        if (udpPortLocation == null) {
            mediaBeforeUdpPort.add(medium.location());
        }
    }

    private boolean device(SourceLocation at, String device) {
        if (!INTERFACE_NAME.matcher(device).matches()) {
            problems.error(at, "'" + device + "' is not a network interface name");
            return false;
        }
        return true;
    }

    private void autoFailback(String directive, SourceLocation at, List<String> values) {
        single(at, "auto_failback", values).ifPresent(value -> {
            Optional<AutoFailback> parsed = value.equalsIgnoreCase("legacy") ? Optional.of(AutoFailback.LEGACY)
                    : Booleans.parse(value).map(on -> on ? AutoFailback.ON : AutoFailback.OFF);
            if (parsed.isEmpty()) {
                problems.error(at, "auto_failback '" + value + "' must be on, off or legacy");
            } else {
                autoFailback = parsed.get();
                autoFailbackLocation = at;
            }
        });
    }

    /**
     * heartbeat 3.0.6 reads {@code nice_failback} (on or off alike) as {@code auto_failback legacy}, unless an
     * {@code auto_failback on} or {@code off} came before it, which then becomes {@code off}; a later
     * {@code auto_failback} wins.
     */
    private void niceFailback(String directive, SourceLocation at, List<String> values) {
        single(at, "nice_failback", values).flatMap(value -> bool(at, "nice_failback", value)).ifPresent(nice -> {
            boolean afterOnOrOff = autoFailbackLocation != null && autoFailback != AutoFailback.LEGACY;
            autoFailback = afterOnOrOff ? AutoFailback.OFF : AutoFailback.LEGACY;
            autoFailbackLocation = at;
            problems.warning(at, "nice_failback is obsolete; heartbeat reads it as auto_failback "
                    + (afterOnOrOff ? "off after the auto_failback line above" : "legacy, which fails back")
                    + ", and so does jheartbeat; write auto_failback on or off instead");
        });
    }

    private void logfacility(String directive, SourceLocation at, List<String> values) {
        single(at, "logfacility", values).ifPresent(value -> {
            facilitySet = true;
            if (value.equals("none")) {
                facility = Optional.empty();
            } else if (FACILITIES.contains(value)) {
                facility = Optional.of(value);
            } else {
                problems.error(at, "logfacility '" + value + "' is not a syslog facility (daemon, local0-local7, "
                        + "user, ... or none)");
            }
        });
    }

    private void useLogd(String directive, SourceLocation at, List<String> values) {
        single(at, "use_logd", values).flatMap(value -> bool(at, "use_logd", value)).ifPresent(on -> {
            useLogd = on;
            if (on) {
                problems.warning(at, "use_logd: jheartbeat logs to syslog itself; set logfacility to choose "
                        + "the facility (daemon by default)");
            }
        });
    }

    private void debug(String directive, SourceLocation at, List<String> values) {
        single(at, "debug", values).ifPresent(value -> {
            Optional<Integer> level = integer(value).filter(l -> l >= 0 && l <= 255);
            if (level.isEmpty()) {
                problems.error(at, "debug '" + value + "' must be a level 0-255");
            } else {
                debugLevel = level.get();
            }
        });
    }

    private void ping(String directive, SourceLocation at, List<String> values) {
        if (values.isEmpty()) {
            problems.error(at, directive + " needs at least one address, e.g. ping 10.0.0.254");
        }
        for (String address : values) {
            if (pingAddress(at, address)) {
                pingTargets.add(new PingTarget(address, List.of(address), at));
            }
        }
    }

    private void pingGroup(String directive, SourceLocation at, List<String> values) {
        if (values.size() < 2) {
            problems.error(at, "ping_group takes a name and at least one address, e.g. ping_group routers 10.0.0.1 "
                    + "10.0.0.2");
            return;
        }
        List<String> addresses = values.subList(1, values.size());
        if (addresses.stream().allMatch(address -> pingAddress(at, address))) {
            pingTargets.add(new PingTarget(values.get(0), addresses, at));
        }
    }

    private boolean pingAddress(SourceLocation at, String address) {
        if (Addresses.isIpv4(address) || Addresses.isIpv6(address) || Addresses.isHostName(address)) {
            return true;
        }
        problems.error(at, "ping address '" + address + "' is not an IP address or host name");
        return false;
    }

    private void respawn(String directive, SourceLocation at, List<String> values) {
        if (values.size() < 2) {
            problems.error(at, "respawn takes a user and a program, e.g. respawn hacluster /usr/lib/heartbeat/ipfail");
            return;
        }
        Optional<Path> program = absolutePath(at, "respawn program", values.get(1));
        if (program.isEmpty()) {
            return;
        }
        if (program.get().getFileName().toString().equals("ipfail")) {
            ipfail = true;
            problems.warning(at, "ipfail is not started: its job (yield to the node that reaches more ping nodes) "
                    + "is built into jheartbeat and uses the ping and ping_group directives");
            return;
        }
        if (program.get().getFileName().toString().equals("dopd")) {
            problems.warning(at, "dopd is not started: it signs on to heartbeat's client API, which jheartbeat does "
                    + "not provide, so it could only exit and be started again; without it DRBD's "
                    + "drbd-peer-outdater handler fails and the peer's disk is never marked outdated. Remove this "
                    + "line and the handler from drbd.conf (hbctl config check names DRBD resources without "
                    + "fencing)");
            return;
        }
        respawns.add(new Respawn(values.get(0), values.subList(1, values.size()), at));
    }

    private void rtprio(String directive, SourceLocation at, List<String> values) {
        single(at, "rtprio", values).ifPresent(value -> {
            Optional<Integer> priority = integer(value).filter(p -> p >= 1 && p <= 99);
            if (priority.isEmpty()) {
                problems.error(at, "rtprio '" + value + "' must be a real-time priority 1-99");
            } else {
                rtprio = OptionalInt.of(priority.get());
            }
        });
    }

    private void pacemaker(String directive, SourceLocation at, List<String> values) {
        single(at, "pacemaker", values).ifPresent(value -> {
            Optional<Boolean> on = Booleans.parse(value);
            if (on.isPresent() && !on.get()) {
                return;
            }
            if (on.isPresent() || PACEMAKER_MODES.contains(value.toLowerCase(Locale.ROOT))) {
                problems.error(at, directive + " " + value + ": jheartbeat implements heartbeat's haresources "
                        + "mode, not Pacemaker; remove the line or write " + directive + " off");
            } else {
                problems.error(at, directive + " '" + value + "' must be off (or on/respawn, which jheartbeat "
                        + "does not implement)");
            }
        });
    }

    private Optional<Path> absolutePath(SourceLocation at, String what, String value) {
        if (!value.startsWith("/")) {
            problems.error(at, what + " '" + value + "' must be an absolute path");
            return Optional.empty();
        }
        return Optional.of(Path.of(value));
    }

    private Optional<Boolean> bool(SourceLocation at, String directive, String value) {
        Optional<Boolean> parsed = Booleans.parse(value);
        if (parsed.isEmpty()) {
            problems.error(at, directive + " '" + value + "' must be on or off");
        }
        return parsed;
    }

    private static Optional<Integer> integer(String value) {
        try {
            return Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Fills in heartbeat's defaults and checks the rules that span directives. */
    private HaCf finish() {
        SourceLocation whole = SourceLocation.wholeFile(file);
        if (!mediumDirectiveSeen) {
            problems.error(whole, "no communication medium: add bcast, mcast or ucast (e.g. bcast eth0)");
        }
        if (nodes.isEmpty()) {
            problems.error(whole, "no nodes: add a node line naming every cluster node (uname -n of each)");
        }
        if (udpPortLocation != null && !mediaBeforeUdpPort.isEmpty()) {
            problems.warning(udpPortLocation, "udpport comes after the medium on line "
                    + mediaBeforeUdpPort.get(0).line() + ", which keeps port " + DEFAULT_UDP_PORT
                    + " as in heartbeat; move udpport above the media");
        }
        Duration keepalive = times.getOrDefault("keepalive", DEFAULT_KEEPALIVE);
        Duration deadtime = times.getOrDefault("deadtime", DEFAULT_DEADTIME);
        Duration warntime = times.getOrDefault("warntime", deadtime.dividedBy(2));
        Duration initdead = times.getOrDefault("initdead", defaultInitdead(deadtime));
        Duration deadping = times.getOrDefault("deadping", deadtime);
        if (deadtime.compareTo(keepalive.multipliedBy(2)) <= 0) {
            problems.error(at("deadtime"), "deadtime " + HeartbeatTime.format(deadtime) + " is too small compared "
                    + "to keepalive " + HeartbeatTime.format(keepalive) + ": it must exceed two keepalives "
                    + "(four or more is safer)");
        }
        if (initdead.compareTo(deadtime) < 0) {
            problems.error(at("initdead"), "initdead " + HeartbeatTime.format(initdead) + " is smaller than "
                    + "deadtime " + HeartbeatTime.format(deadtime) + ": make it at least deadtime");
        } else if (initdead.compareTo(Duration.ofSeconds(10)) < 0 && times.containsKey("initdead")) {
            problems.warning(at("initdead"), "initdead " + HeartbeatTime.format(initdead) + " may be too small: "
                    + "at boot, links often take seconds to come up; heartbeat advises 10s or more");
        }
        if (warntime.compareTo(deadtime) >= 0) {
            problems.warning(at("warntime"), "warntime " + HeartbeatTime.format(warntime) + " is not below "
                    + "deadtime " + HeartbeatTime.format(deadtime) + ", so no late heartbeat is ever warned about");
        } else if (warntime.compareTo(keepalive) <= 0) {
            problems.warning(at("warntime"), "warntime " + HeartbeatTime.format(warntime) + " is not above "
                    + "keepalive " + HeartbeatTime.format(keepalive) + ", so every heartbeat counts as late");
        }
        if (!pingTargets.isEmpty() && deadping.compareTo(keepalive.multipliedBy(2)) <= 0) {
            problems.error(at("deadping"), "deadping " + HeartbeatTime.format(deadping) + " is too small compared "
                    + "to keepalive " + HeartbeatTime.format(keepalive));
        }
        if (autoFailback == AutoFailback.LEGACY) {
            problems.warning(autoFailbackLocation == null ? whole : autoFailbackLocation,
                    "auto_failback " + (autoFailbackLocation == null ? "is not set and defaults to legacy" : "legacy")
                            + ", which fails back like on; write auto_failback on (or off) to say which you mean");
        }
        if (!facilitySet && logfile.isEmpty() && debugfile.isEmpty()) {
            problems.warning(whole, "no logfacility, logfile or debugfile: logging to syslog facility daemon");
            facility = Optional.of("daemon");
        }
        return new HaCf(List.copyOf(nodes), media, new Timing(keepalive, warntime, deadtime, initdead), deadping,
                udpPort, autoFailback, pingTargets, respawns, ipfail, realtime, rtprio, watchdog,
                new Logging(facility, logfile, debugfile, useLogd, debugLevel), written);
    }

    /** heartbeat's rule: deadtime if over 10 s, 12 s if deadtime is under 6 s, twice deadtime otherwise. */
    static Duration defaultInitdead(Duration deadtime) {
        if (deadtime.compareTo(Duration.ofSeconds(10)) > 0) {
            return deadtime;
        }
        if (deadtime.compareTo(Duration.ofSeconds(6)) < 0) {
            return Duration.ofSeconds(12);
        }
        return deadtime.multipliedBy(2);
    }

    private SourceLocation at(String directive) {
        return singleValued.getOrDefault(directive, SourceLocation.wholeFile(file));
    }

    @FunctionalInterface
    private interface Handler {
        void handle(String directive, SourceLocation at, List<String> values);
    }
}
