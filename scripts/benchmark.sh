#!/usr/bin/env bash
# Benchmarks on simulated clusters (network, mount and hostname namespaces on this machine; run as root; not part of
# CI). Each prints markdown tables; figures are printed, never asserted. Each but junit first builds what it runs, e2e
# and the distribution without the .deb (scripts/lib/build.sh), unless the last such build is newer than every source.
#
#   bash scripts/benchmark.sh [failover] [RUNS] [fast|slow|seed ...]
#       jheartbeat against Debian's heartbeat 3.0.6 on the same two nodes and the same ha.cf, RUNS fresh clusters
#       (default 5) per agent and scenario: where the time goes in a failover (alpha's plug pulled) and in a handover
#       (hb_standby on beta once alpha is back), step by step from the agents' own log lines and the client's pings
#       (last heartbeat heard, death declared, decision, each resource started, group running, first client reply),
#       min / median / max. Scenarios (all three by default): fast (address only, keepalive 200ms / deadtime 1),
#       slow (address only, keepalive 2 / deadtime 10), seed (the seed's group; heartbeat 3.0.6 with the address,
#       ext3 and NFS-Ganesha, all it can run here; plus the NFS client's first read, each agent's idle memory and
#       CPU, and status latency). About 20 minutes for all three at 5 runs.
#   bash scripts/benchmark.sh scale [MINUTES] [NODES] [GROUPS]
#       jheartbeat alone on NODES nodes (16) with GROUPS address-only groups (as many as nodes, one preferred per
#       node), keepalive 200ms / deadtime 2 s, left alone for MINUTES (10): false failovers counted from address
#       samples, the agents' logs and their counters; per-agent CPU and memory, machine CPU; then one node powered
#       off and its group's failover timed. About MINUTES + 3 minutes.
#   bash scripts/benchmark.sh deadtime [WINDOW_SECONDS] [RUNS] [load] [jheartbeat|heartbeat]
#       the fastest deadtime each agent (jheartbeat, heartbeat 3.0.6) holds on two nodes without a false failover:
#       keepalive/deadtime stepped down from 200ms/1s to 5ms/25ms, each step idle for WINDOW_SECONDS (180); the
#       failover time at the fastest quiet step over RUNS runs (5). "load" keeps every core busy meanwhile.
#       Up to about 2 × 6 × (WINDOW_SECONDS + 20 s) plus the failover runs.
#   bash scripts/benchmark.sh memory [IDLE_SECONDS] [jheartbeat|heartbeat|both] [VARIANT...]
#       each agent's resident memory (anonymous and file pages) and CPU on a serving two-node cluster, idle for
#       IDLE_SECONDS (60), jheartbeat with the seed's whole group, heartbeat 3.0.6 beside it (or only the one named);
#       for jheartbeat the JVM's heap, metaspace, class count and threads. Each VARIANT (shell assignments, e.g.
#       MALLOC_ARENA_MAX=2 or "JHEARTBEAT_JAVA_OPTS='-Xmn1m'") runs jheartbeat's cluster once more in the same run,
#       its launcher started under them. About 4 minutes, and 2 more per variant.
#   bash scripts/benchmark.sh archive
#       what each library costs in the agent's class-data sharing archive (every class the agent loads): the archive
#       dumped again without the library's classes, the difference in MiB (scripts/lib/archive-costs.sh). Needs no
#       root. About 2 minutes.
#   bash scripts/benchmark.sh status [RUNS]
#       how long a status query takes on the node serving the group: jheartbeat's cl_status and hbctl status beside
#       heartbeat 3.0.6's cl_status, each a whole process, min / median / max over RUNS runs (20) with its CPU time,
#       both clusters up at once and the queries taken in turn; then the agent's own answer on its socket. About
#       3 minutes.
#   bash scripts/benchmark.sh flood [SECONDS] [RATE]
#       issue 20's flood: a jheartbeat pair (bcast, deadtime 1 s, the address on alpha) idle for SECONDS (120), then
#       flooded from the client on udpport, RATE datagrams a second (20000) for SECONDS each, first framed as ours
#       with garbage after the header, then at the largest size a node reads, all without the key; each agent's
#       CPU and log growth, view changes and address moves per window, then alpha's power loss and the failover
#       time. About 3 × SECONDS + 1 minute.
#   bash scripts/benchmark.sh junit
#       the benchmarks written as JUnit tests (tagged "benchmark", left out of mvn verify): failover time of the
#       in-JVM cluster at four keepalive/deadtime settings and an idle 5-node cluster's cost (FailoverBenchmarkTest),
#       the group manager's overhead per operation (GroupManagerBenchmarkTest), drbddisk against the DRBD stand-in
#       (DrbdDiskFiguresTest). Needs no root. About 10 minutes.
#   bash scripts/benchmark.sh record [SCENARIO...]
#       records what heartbeat 3.0.6 does in issue 22's site scenarios (slow-stop, silent-status, ping-loss,
#       false-takeover, missing-script, site-environment) and issue 21's reload (all by default) into
#       e2e/src/test/resources/heartbeat-3.0.6/site/, the reference SiteScenariosTest compares jheartbeat with.
#       About 8 minutes for all.
#   bash scripts/benchmark.sh record-commands
#       records heartbeat 3.0.6's cl_status (every sub-command with every option, as root and as nobody),
#       hb_standby and hb_takeover answers with their exit codes, in each situation HeartbeatCommandsCompatibilityTest
#       and HeartbeatCommandsTest replay (HeartbeatCommandsRecording), into
#       test-support/src/main/resources/heartbeat-3.0.6/recorded.txt. About 6 minutes.
#   bash scripts/benchmark.sh record-logs
#       records heartbeat 3.0.6's logfile through start-up, a cut of one of two media, hb_standby, hb_takeover, the
#       owner's power loss and the takeover, its return and clean shutdowns (HeartbeatLogRecording), into
#       test-support/src/main/resources/heartbeat-3.0.6/logfile.txt. About 3 minutes.
#   bash scripts/benchmark.sh record-handover [standby|takeover|peer-takeover|failback]
#       records heartbeat 3.0.6's three-phase standby handover on two heartbeat nodes, as MixedPairTest runs it with
#       jheartbeat on beta: hb_standby on beta holding alpha's group, hb_takeover on beta while alpha holds it,
#       hb_takeover on alpha while beta holds it, or (auto_failback on) alpha powered on while beta holds its group;
#       the holders every 50 ms, when the address answers the client from its new node, and both logfiles
#       (HandoverRecording), into
#       e2e/src/test/resources/heartbeat-3.0.6/handover/SCENARIO.txt. About a minute each.
#   bash scripts/benchmark.sh record-heal [both-hold|other-stopped]
#       records what heartbeat 3.0.6 does after a partition heals with the address on both nodes (both-hold), or after
#       beta, which took the address over, was stopped during the partition and is started again at the heal
#       (other-stopped): the holders, a quiet client's neighbour entry and every announcement of the address it sees,
#       for a minute after the heal, and both logfiles (HealRecording), into
#       e2e/src/test/resources/heartbeat-3.0.6/heal/SCENARIO.txt. About 2 minutes.
#   bash scripts/benchmark.sh record-daemon
#       records what heartbeat 3.0.6's daemon binary prints and exits with for -s, -k, -r, -V, -v, no option and an
#       unknown one, the daemon stopped and running, with good and broken files, as root and as nobody
#       (HeartbeatDaemonOptionsRecording), into packaging/src/test/resources/heartbeat-3.0.6/daemon-options.txt, the
#       reference of the packaged heartbeat command's tests. About 1 minute.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = junit ]; then
    exec mvn -B -ntp test -Dlintian.skip=true -Djheartbeat.excludedGroups= -Dgroups=benchmark
fi
if [ "${1:-}" = archive ]; then
    . scripts/lib/build.sh
    build_distribution
    exec bash scripts/lib/archive-costs.sh packaging/target/jheartbeat
fi

benchmark=FailoverBenchmark
case "${1:-failover}" in
    failover) ;;
    scale) benchmark=ScaleBenchmark ;;
    deadtime) benchmark=DeadtimeSearch ;;
    memory) benchmark=MemoryFootprint ;;
    status) benchmark=StatusLatency ;;
    flood) benchmark=FloodBenchmark ;;
    record) benchmark=HeartbeatRecorder ;;
    record-commands) benchmark=HeartbeatCommandsRecording output=test-support/src/main/resources/heartbeat-3.0.6/recorded.txt ;;
    record-logs) benchmark=HeartbeatLogRecording output=test-support/src/main/resources/heartbeat-3.0.6/logfile.txt ;;
    record-daemon) benchmark=HeartbeatDaemonOptionsRecording output=packaging/src/test/resources/heartbeat-3.0.6/daemon-options.txt ;;
    record-heal) benchmark=HealRecording output=e2e/src/test/resources/heartbeat-3.0.6/heal/${2:-both-hold}.txt ;;
    record-handover) benchmark=HandoverRecording output=e2e/src/test/resources/heartbeat-3.0.6/handover/${2:-standby}.txt ;;
    [0-9]*) set -- failover "$@" ;;   # the old form: benchmark.sh RUNS
    *) echo "usage: bash scripts/benchmark.sh [failover [RUNS] [fast|slow|seed ...] | scale [MINUTES] [NODES] [GROUPS] | deadtime [WINDOW_SECONDS] [RUNS] [load] [jheartbeat|heartbeat] | memory [IDLE_SECONDS] [jheartbeat|heartbeat|both] [VARIANT...] | archive | status [RUNS] | flood [SECONDS] [RATE] | junit | record [SCENARIO...] | record-commands | record-logs | record-daemon | record-heal [both-hold|other-stopped] | record-handover [standby|takeover|peer-takeover|failback]]" >&2
       exit 2 ;;
esac
[ $# -gt 0 ] && shift

if [ "$(id -u)" -ne 0 ]; then
    echo "The benchmark builds network namespaces, a loop device and mounts: run it as root." >&2
    exit 1
fi

packages=(
    openjdk-17-jdk-headless maven
    iproute2 arping iputils-ping util-linux e2fsprogs psmisc procps
    nfs-ganesha nfs-ganesha-vfs libnfs-utils tgt socat
    heartbeat net-tools                          # the reference: heartbeat 3.0.6 (its IPaddr uses ifconfig)
    tcpdump                                      # record-heal: the announcements a client sees
)
. scripts/lib/packages.sh
install_missing "${packages[@]}"

. scripts/lib/build.sh
build_distribution
if [ "$benchmark" = FailoverBenchmark ] && [ $# -eq 0 ]; then
    set -- 5
elif [ "$benchmark" = HeartbeatRecorder ]; then
    set -- e2e/src/test/resources/heartbeat-3.0.6/site "$@"
fi
if [ -n "${output:-}" ]; then
    mkdir -p "$(dirname "$output")"
    java -cp "e2e/target/classes:e2e/target/lib/*" "org.jheartbeat.e2e.$benchmark" "$@" > "$output.new"
    mv "$output.new" "$output"
    echo "recorded $(grep -c '' "$output") lines into $output"
    exit 0
fi
classpath="e2e/target/classes:e2e/target/lib/*"
if [ "$benchmark" = StatusLatency ]; then
    classpath="$classpath:packaging/target/jheartbeat/lib/*"   # the agent's own control client, after e2e's libraries
fi
exec java -cp "$classpath" "org.jheartbeat.e2e.$benchmark" packaging/target/jheartbeat "$@"
