#!/bin/bash
# Records heartbeat 3.0.6's own packets for the codec's tests (HeartbeatCaptures): two real heartbeat daemons
# (Debian's package) in network namespaces, one run per authkeys method and medium, each going through
# start-up (the nice_failback handshake), steady heartbeats, hb_standby, hb_takeover, lost packets and their
# retransmission, a power loss (failover), a restart and a clean shutdown. tcpdump on the namespaces' bridge
# records every UDP packet; filter-capture.py keeps what the tests need (every packet that is not a plain
# heartbeat, the first two heartbeats of each node after each step, every change of status, everything near a lost-packet window)
# and writes <method>-<medium>.capture beside this script.
#
# Also records keys.capture: two nodes whose active keys differ (alpha signs with key 1, beta with key 2, both
# listed on both nodes), to see whether heartbeat accepts a packet signed with a key other than its active one.
#
# Run as root on a machine with heartbeat installed:
#   apt-get install -y --no-install-recommends heartbeat tcpdump nftables iputils-arping
#   bash record.sh [METHOD-MEDIUM ...]       (default: all nine, then keys)
# Everything it makes (namespaces hbcap-*, a work directory under /tmp) is removed on exit.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d /tmp/hbcap.XXXXXX)
HB=/usr/libexec/heartbeat/heartbeat
VIP=10.78.0.100
declare -A IP=([alpha]=10.78.0.1 [beta]=10.78.0.2)
declare -A PEER=([alpha]=10.78.0.2 [beta]=10.78.0.1)
NS=hbcap

log() { echo "[$(date +%T.%3N)] $*" >&2; }
event() { echo "$(date +%s%3N) $*" >> "$W/events"; log "event: $*"; }
anchor_pid() { cat "$W/nodes/$1/anchor.pid" 2>/dev/null; }
nx() { local n=$1; shift; nsenter -t "$(anchor_pid "$n")" -m -u -n -- "$@"; }

node_pids() {
  local ap p
  ap=$(anchor_pid "$1"); [ -n "$ap" ] && [ -e /proc/$ap/ns/mnt ] || return 0
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" = "$ap" ] && continue
    [[ /proc/$p/ns/mnt -ef /proc/$ap/ns/mnt ]] && echo "$p"
  done
}

heartbeat_pids() {
  local p
  for p in $(node_pids "$1"); do
    case "$(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null)" in heartbeat*) echo "$p";; esac
  done
}

cleanup() {
  local n p
  [ -n "${TCPDUMP_PID:-}" ] && kill "$TCPDUMP_PID" 2>/dev/null
  for n in alpha beta; do
    for p in $(node_pids $n) $(anchor_pid $n); do kill -9 "$p" 2>/dev/null; done
  done
  for n in alpha beta sw; do
    if ip netns list | grep -qw "$NS-$n"; then
      for p in $(ip netns pids $NS-$n 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
      ip netns del $NS-$n 2>/dev/null
    fi
  done
  rm -f "$W"/nodes/*/anchor.pid "$W"/nodes/*/ready
  TCPDUMP_PID=
}
trap 'cleanup; rm -rf "$W"' EXIT

medium_line() { # medium node
  case $1 in
    bcast) echo "bcast eth0";;
    mcast) echo "mcast eth0 239.0.0.78 694 1 0";;
    ucast) echo "ucast eth0 ${PEER[$2]}";;
  esac
}

write_config() { # keyfile-for-alpha keyfile-for-beta medium
  local n nd
  for n in alpha beta; do
    nd=$W/nodes/$n
    rm -rf "$nd"; mkdir -p "$nd"
    cp -a /etc/ha.d "$nd/etc-ha.d"
    cp -a /var/lib/heartbeat "$nd/lib"
    rm -f "$nd"/lib/{hb_uuid,hb_generation,hostcache,delhostcache,fifo}
    cat > "$nd/etc-ha.d/ha.cf" <<EOF
logfile $nd/ha-log
use_logd no
keepalive 500ms
deadtime 3
warntime 2
initdead 6
udpport 694
$(medium_line "$3" $n)
node alpha
node beta
auto_failback off
crm off
EOF
    echo "alpha IPaddr::$VIP/24/eth0" > "$nd/etc-ha.d/haresources"
    if [ $n = alpha ]; then cp "$1" "$nd/etc-ha.d/authkeys"; else cp "$2" "$nd/etc-ha.d/authkeys"; fi
    chmod 600 "$nd/etc-ha.d/authkeys"
  done
}

setup_net() {
  local n
  ip netns add $NS-sw
  ip -n $NS-sw link set lo up
  ip -n $NS-sw link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0
  ip -n $NS-sw link set br0 up
  for n in alpha beta; do
    ip netns add $NS-$n
    ip -n $NS-$n link set lo up
    ip link add $NS-v-$n netns $NS-sw type veth peer name eth0 netns $NS-$n
    ip -n $NS-sw link set $NS-v-$n master br0 up
    ip -n $NS-$n addr add ${IP[$n]}/24 brd 10.78.0.255 dev eth0
    ip -n $NS-$n link set eth0 up
    ip -n $NS-$n route add 224.0.0.0/4 dev eth0
  done
}

start_anchor() {
  local n=$1 nd=$W/nodes/$1 i
  ( ip netns exec $NS-$n unshare --uts --mount --propagation private -- sh -c "
    echo \$\$ > $nd/anchor.pid
    hostname $n
    mount --bind $nd/etc-ha.d /etc/ha.d
    mount --bind $nd/lib /var/lib/heartbeat
    mount -t tmpfs -o mode=755 tmpfs /run
    mkdir -p /run/heartbeat/ccm /run/heartbeat/crm /run/heartbeat/dopd /run/crm /run/resource-agents /run/lock
    chown -R hacluster:haclient /run/heartbeat /run/crm
    touch $nd/ready
    exec sleep infinity" </dev/null >"$nd/anchor.out" 2>&1 & )
  for i in $(seq 100); do [ -e "$nd/ready" ] && return 0; sleep 0.05; done
  log "anchor $n not ready"; cat "$nd/anchor.out"; return 1
}

start_heartbeat() { nx "$1" sh -c "ulimit -l unlimited 2>/dev/null; exec $HB" >>"$W/nodes/$1/hb.stderr" 2>&1; }
rsc() { nx "$1" cl_status rscstatus 2>/dev/null; }
has_vip() { ip -n $NS-$1 -4 -o addr show dev eth0 2>/dev/null | grep -q "$VIP/"; }

wait_for() { # seconds description command...
  local limit=$(( $(date +%s) + $1 )) what=$2; shift 2
  until "$@"; do
    [ "$(date +%s)" -ge "$limit" ] && { log "timed out waiting for $what"; return 1; }
    sleep 0.2
  done
}
stable_on() { local r; r=$(rsc "$1"); [ -n "$r" ] && [ "$r" != transition ]; }
both_stable() { stable_on alpha && stable_on beta; }
settled_with_group_on() { both_stable && has_vip "$1" && ! has_vip "$2"; }
group_taken_over_by() { has_vip "$1" && stable_on "$1"; }
no_heartbeat_on() { [ -z "$(heartbeat_pids "$1")" ]; }

# Fresh namespaces and configuration, tcpdump on the bridge, both daemons started.
start_pair() { # alpha's-authkeys beta's-authkeys medium
  write_config "$1" "$2" "$3"
  setup_net && start_anchor alpha && start_anchor beta || return 1
  ip netns exec $NS-sw tcpdump -i br0 -s 0 -U -w "$W/capture.pcap" udp port 694 2>"$W/tcpdump.err" &
  TCPDUMP_PID=$!
  sleep 1
  event start-up
  start_heartbeat alpha; start_heartbeat beta
}

record_run() { # method medium
  local method=$1 medium=$2 name=$1-$2 keys p
  log "=== $name"
  cleanup; rm -rf "$W/nodes" "$W/events" "$W/capture.pcap"
  keys=$W/authkeys
  case $method in
    crc) printf 'auth 1\n1 crc\n' > "$keys";;
    md5) printf 'auth 1\n1 md5 capture-md5-secret\n' > "$keys";;
    sha1) printf 'auth 1\n1 sha1 capture-sha1-secret\n' > "$keys";;
  esac
  start_pair "$keys" "$keys" "$medium" || return 1
  wait_for 60 "the group on alpha, both stable" settled_with_group_on alpha beta || return 1
  event steady
  sleep 3

  event hb_standby
  nx alpha /usr/share/heartbeat/hb_standby >/dev/null 2>&1
  sleep 1
  wait_for 60 "the group on beta after hb_standby" settled_with_group_on beta alpha || return 1
  sleep 1

  event hb_takeover
  nx alpha /usr/share/heartbeat/hb_takeover >/dev/null 2>&1
  sleep 1
  wait_for 60 "the group on alpha after hb_takeover" settled_with_group_on alpha beta || return 1
  sleep 1

  # beta misses alpha's packets for 1.2 s (less than deadtime): beta asks for them again and alpha resends
  event lost-packets
  ip netns exec $NS-beta nft add table inet hbcap
  ip netns exec $NS-beta nft add chain inet hbcap input '{ type filter hook input priority 0; }'
  ip netns exec $NS-beta nft add rule inet hbcap input ip saddr ${IP[alpha]} udp dport 694 drop
  sleep 1.2
  ip netns exec $NS-beta nft delete table inet hbcap
  sleep 3

  # power loss: every process of alpha killed at once; beta declares it dead after deadtime and takes over
  event failover
  for p in $(heartbeat_pids alpha); do kill -9 "$p"; done
  ip -n $NS-alpha addr del $VIP/24 dev eth0 2>/dev/null
  wait_for 30 "the group on beta after alpha's death" group_taken_over_by beta || return 1
  sleep 2

  event restart
  start_heartbeat alpha
  wait_for 60 "alpha back, both stable" both_stable || return 1
  sleep 2

  event shutdown
  nx alpha $HB -k >/dev/null 2>&1
  wait_for 60 "alpha stopped" no_heartbeat_on alpha || return 1
  sleep 2
  nx beta $HB -k >/dev/null 2>&1
  wait_for 60 "beta stopped" no_heartbeat_on beta || return 1
  event end
  sleep 0.5
  kill "$TCPDUMP_PID"; wait "$TCPDUMP_PID" 2>/dev/null; TCPDUMP_PID=
  finish_capture "$name" "$keys"
}

# The keys run: alpha signs with key 1, beta with key 2; both list both keys.
record_keys() {
  local a=$W/authkeys-alpha b=$W/authkeys-beta
  log "=== keys"
  cleanup; rm -rf "$W/nodes" "$W/events" "$W/capture.pcap"
  printf 'auth 1\n1 sha1 capture-key-one\n2 sha1 capture-key-two\n' > "$a"
  printf 'auth 2\n1 sha1 capture-key-one\n2 sha1 capture-key-two\n' > "$b"
  start_pair "$a" "$b" ucast || return 1
  sleep 12
  event end
  kill "$TCPDUMP_PID"; wait "$TCPDUMP_PID" 2>/dev/null; TCPDUMP_PID=
  finish_capture keys "$a" "$b"
}

finish_capture() { # name authkeys-file [beta's authkeys-file]
  local name=$1 n out=$HERE/$1.capture
  {
    echo "# heartbeat $(dpkg-query -W -f '${Version}' heartbeat), cluster-glue $(dpkg-query -W -f '${Version}' cluster-glue): recorded by record.sh"
    for n in alpha beta; do
      echo "node $n ${IP[$n]} uuid=$(od -An -tx1 "$W/nodes/$n/lib/hb_uuid" | tr -d ' \n') generation=$(tr -d ' \n' < "$W/nodes/$n/lib/hb_generation")"
      sed "s/^/authkeys $n /" "$W/nodes/$n/etc-ha.d/authkeys"
    done
    for n in alpha beta; do
      grep -aE 'ERROR|WARN|CRIT' "$W/nodes/$n/ha-log" | grep -av 'MSG\|Cannot lock ourselves\|Initial dead time\|may be too small\|setting must precede\|core dump' \
        | sed -E 's/^.*heartbeat: \[[0-9]+\]: //; s/(authtoken|authstr|s|autotoken)=[^ ,]*/\1=.../g; s/[0-9]+/N/g' | sort | uniq -c | sed -E "s/^ *([0-9]+) /log $n x\1 /"
    done
    /usr/bin/python3 "$HERE/filter-capture.py" "$W/capture.pcap" "$W/events"
  } > "$out"
  log "wrote $out ($(grep -c '^packet' "$out") packets)"
}

runs=("$@")
[ ${#runs[@]} -eq 0 ] && runs=(crc-bcast crc-mcast crc-ucast md5-bcast md5-mcast md5-ucast sha1-bcast sha1-mcast sha1-ucast keys)
for r in "${runs[@]}"; do
  if [ "$r" = keys ]; then record_keys; else record_run "${r%-*}" "${r#*-}"; fi || log "run $r failed"
done
