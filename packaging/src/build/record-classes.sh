#!/usr/bin/env bash
# Records which classes the client commands load (lib/client.classlist) and which the agent loads
# (lib/agent.classlist) for their class-data sharing archives (bin/java-client), then dumps the build tree's archives
# from them (the .deb ships the lists; postinst dumps the installed ones). Each command runs against a real agent: a throwaway one of a two-node cluster whose peer never
# comes, on loopback, with a resource.d script as its group, run by the distribution's own launcher (its JVM client:
# the agent would answer the relay itself). The list is
# what the JVM itself records (-XX:DumpLoadedClassList), so it follows the code without being kept by hand.
#
#   record-classes.sh DIST    # DIST: the distribution directory (target/jheartbeat, with bin and lib)
set -euo pipefail
dist=$(cd "$1" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/jheartbeat-classes.XXXXXX")
agent=
cleanup() {
    if [ -n "$agent" ]; then
        kill "$agent" 2>/dev/null || true
        wait "$agent" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/ha.d/resource.d"
cat >"$work/ha.d/ha.cf" <<EOF
udpport $((20000 + RANDOM % 20000))
ucast lo 127.0.0.2
keepalive 200ms
deadtime 2
initdead 2
node trainer peer
auto_failback off
logfile $work/ha-log
EOF
echo "trainer marker" >"$work/ha.d/haresources"
printf 'auth 1\n1 sha1 record-classes\n' >"$work/ha.d/authkeys"
chmod 600 "$work/ha.d/authkeys"
cat >"$work/ha.d/resource.d/marker" <<EOF
#!/bin/sh
case "\$1" in
    start) touch "$work/marker" ;;
    stop) rm -f "$work/marker" ;;
    status) if [ -e "$work/marker" ]; then echo running; else echo stopped; fi ;;
esac
EOF
chmod 755 "$work/ha.d/resource.d/marker"
cat >"$work/jheartbeat.conf" <<EOF
jheartbeat.control-socket = "$work/control.sock"
jheartbeat.transport.generation-file = "$work/hb_generation"
jheartbeat.metrics.jmx = false
EOF
export JHEARTBEAT_CONTROL_SOCKET=$work/control.sock

JHEARTBEAT_JAVA_OPTS="-XX:DumpLoadedClassList=$work/agent.classlist" \
    "$dist/bin/jheartbeat" --config-dir "$work/ha.d" --node trainer --settings "$work/jheartbeat.conf" \
    >"$work/agent.log" 2>&1 &
agent=$!
for _ in $(seq 240); do
    if [ -e "$work/marker" ]; then
        break
    fi
    if ! kill -0 "$agent" 2>/dev/null; then
        break
    fi
    sleep 0.5
done
if [ ! -e "$work/marker" ]; then
    echo "record-classes: the agent did not start its group within 2 minutes; its output:" >&2
    cat "$work/agent.log" >&2
    exit 1
fi

# Queries first, then the commands that change the agent's state.
runs=0
record() {
    runs=$((runs + 1))
    JHEARTBEAT_CLIENT=jvm JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$work/client.$runs" "$dist/bin/$1" "${@:2}" \
        >/dev/null 2>&1 || true
    if [ ! -s "$work/client.$runs" ]; then
        echo "record-classes: '$*' recorded no classes" >&2
        exit 1
    fi
}
record hbctl status
record hbctl status --xml
record hbctl status --json
record hbctl metrics
record hbctl history
record hbctl --help
record hbctl config check --config-dir "$work/ha.d" --node trainer --settings "$work/jheartbeat.conf"
record cl_status
record cl_status hbstatus
record cl_status listnodes
record cl_status nodestatus trainer
record cl_status nodetype peer
record cl_status listhblinks trainer
record cl_status hblinkstatus trainer lo
record cl_status clientstatus peer ipfail
record cl_status rscstatus
record cl_status hbparameter -p deadtime
record cl_status test
record cl_status nosuchcommand
record heartbeat -s
record heartbeat -V
record heartbeat -r
record hbctl resource cleanup marker
record hbctl standby
record hbctl takeover
record hb_standby
record hb_takeover all
# The same commands relayed: the agent runs them itself (bin/client-relay).
for command in "cl_status rscstatus" "cl_status listnodes -v" "cl_status nodestatus peer" "cl_status nosuchcommand" \
    "hbctl status" "hbctl status --xml" "hbctl status --json" "hb_standby" "hb_takeover"; do
    # shellcheck disable=SC2086
    "$dist/bin/"$command >/dev/null 2>&1 || true
done
kill "$agent"
wait "$agent" 2>/dev/null || true
agent=
# Every class once, in the order first loaded (a class's supertypes come before it in each list).
cat "$work"/client.* | awk '!seen[$0]++' >"$dist/lib/client.classlist"
cp "$work/agent.classlist" "$dist/lib/agent.classlist"

bin=$dist/bin
# shellcheck source=../main/bin/java-client
. "$bin/java-client"
make_client_archive >"$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; exit 1; }
make_agent_archive >"$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; exit 1; }
echo "record-classes: $(grep -c . "$dist/lib/client.classlist") classes in lib/client.classlist from $runs runs," \
    "$(grep -c . "$dist/lib/agent.classlist") in lib/agent.classlist; $client_archive and $agent_archive made"
