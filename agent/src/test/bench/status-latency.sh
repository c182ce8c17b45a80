#!/bin/bash
# Status latency benchmark: a real jheartbeat agent (one node, IPaddr group) in its own network namespace,
# queried by the packaged clients. Prints wall times of `hbctl status` without and with the AppCDS archive,
# and of jheartbeat's `cl_status rscstatus`. Needs root and `mvn -o package -DskipTests -pl packaging -am` first.
# usage: [DIST=packaging/target/jheartbeat] agent/src/test/bench/status-latency.sh [RUNS]
set -u
RUNS=${1:-20}
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
DIST=${DIST:-$ROOT/packaging/target/jheartbeat}
NS=jhb-status-bench
WORK=$(mktemp -d /tmp/jhb-status-bench.XXXXXX)
AGENT=""
cleanup() {
    [ -n "$AGENT" ] && kill "$AGENT" 2>/dev/null && wait "$AGENT" 2>/dev/null
    ip netns del $NS 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
ip netns add $NS
ip -n $NS link set lo up
ip -n $NS link add eth0 type veth peer name eth1
ip -n $NS link set eth1 up
ip -n $NS addr add 10.99.0.1/24 dev eth0
ip -n $NS link set eth0 up
mkdir -p "$WORK/etc"
cat > "$WORK/etc/ha.cf" <<CF
logfile $WORK/ha-log
keepalive 200ms
deadtime 1
initdead 2
bcast eth0
node bench
auto_failback off
CF
echo "bench IPaddr::10.99.0.100/24/eth0" > "$WORK/etc/haresources"
printf 'auth 1\n1 sha1 bench\n' > "$WORK/etc/authkeys"; chmod 600 "$WORK/etc/authkeys"
cat > "$WORK/jheartbeat.conf" <<CONF
jheartbeat.control-socket = "$WORK/control.sock"
jheartbeat.transport.generation-file = "$WORK/hb_generation"
jheartbeat.metrics.jmx = false
CONF
ip netns exec $NS "$DIST/bin/jheartbeat" --config-dir "$WORK/etc" --node bench --settings "$WORK/jheartbeat.conf" \
    > "$WORK/agent.log" 2>&1 &
AGENT=$!
export JHEARTBEAT_CONTROL_SOCKET=$WORK/control.sock
for i in $(seq 150); do
    "$DIST/bin/hbctl" status --socket "$WORK/control.sock" 2>/dev/null | grep -q "Started bench" && break
    sleep 0.2
done
"$DIST/bin/hbctl" status --socket "$WORK/control.sock" || { cat "$WORK/agent.log"; exit 1; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
stats() { sort -n | awk '{a[NR]=$1} END {printf "min %d  median %d  max %d ms (n=%d)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'; }
timed() { local i a b; for i in $(seq "$RUNS"); do a=$(date +%s%N); "$@" >/dev/null 2>&1; b=$(date +%s%N); echo $(( (b-a)/1000000 )); done; }
lib=$DIST/lib
rm -f "$lib"/client.jsa*
plain() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx64m -Xshare:auto -Djheartbeat.log.level=WARN \
    -cp "$lib/*" org.jheartbeat.agent.cli.Hbctl status --socket "$WORK/control.sock"; }
echo "hbctl status, JDK's default CDS only:      $(timed plain | stats)"
"$DIST/bin/hbctl" status --socket "$WORK/control.sock" >/dev/null   # first run writes lib/client.jsa
echo "hbctl status, launcher with AppCDS archive: $(timed "$DIST/bin/hbctl" status --socket "$WORK/control.sock" | stats)"
echo "cl_status rscstatus (jheartbeat):           $(timed "$DIST/bin/cl_status" rscstatus | stats)"
echo "answer of cl_status rscstatus: $("$DIST/bin/cl_status" rscstatus)"
# Wall time on a shared 2-core machine follows its load; CPU time (all JVM threads) does not.
if command -v perf >/dev/null; then
    for client in "hbctl status --socket $WORK/control.sock" "cl_status rscstatus"; do
        perf stat -r "$RUNS" -x, -e task-clock "$DIST"/bin/$client 2>&1 >/dev/null \
            | awk -F, -v c="$client" '/task-clock/ {printf "%-36s CPU %.0f ms (mean of '"$RUNS"', all JVM threads)\n", c, $1}'
    done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
kill "$AGENT"; wait "$AGENT" 2>/dev/null; AGENT=""

# The real heartbeat 3.0.6 answering the same question now, on its own two-node pair (HB_TESTBED: the project's
# testbed/heartbeat directory with lib.sh), timed through nsenter as in its REPORT.md.
if [ -n "${HB_TESTBED:-}" ] && [ -x /usr/libexec/heartbeat/heartbeat ]; then
    ( source "$HB_TESTBED/lib.sh"
      trap cleanup EXIT
      cleanup; write_config 200ms 1 500ms 2; setup_net; start_anchor alpha; start_anchor beta
      for n in alpha beta; do nx $n sh -c "exec $HB" >/dev/null 2>&1; done
      for i in $(seq 300); do
          [ "$(nx alpha cl_status rscstatus 2>/dev/null)" = local ] && has_vip alpha && break
          sleep 0.1
      done
      echo "heartbeat 3.0.6 cl_status rscstatus (keepalive 200ms): $(timed nx alpha cl_status rscstatus | stats)"
      echo "nsenter alone (included above):                      $(timed nx alpha true | stats)" )
else
    echo "heartbeat 3.0.6 not measured now (set HB_TESTBED); its REPORT.md: cl_status rscstatus median 169 ms" \
        "(keepalive 200ms) / 464 ms (keepalive 2 s), incl. ~7 ms nsenter"
fi
