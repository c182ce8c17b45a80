#!/bin/bash
# Records the real heartbeat 3.0.6's cl_status / hb_standby / hb_takeover answers (stdout, stderr, exit code)
# in the situations jheartbeat's compatibility tests replay. Needs Debian's heartbeat package and root; uses the
# two-node network-namespace pair of the project's testbed (testbed/heartbeat/lib.sh: netns hb-sw, hb-alpha,
# hb-beta, hb-client; per-node /etc/ha.d and tmpfs /run) and tears it down on exit.
# usage: record.sh TESTBED_DIR > recorded.txt
set -u
source "$1/lib.sh"
trap cleanup EXIT
OUT=/tmp
CL=/usr/bin/cl_status; SB=/usr/share/heartbeat/hb_standby; TO=/usr/share/heartbeat/hb_takeover

record() { # record NODE SITUATION-COMMAND...
  local n=$1; shift
  local out err rc
  out=$(mktemp); err=$(mktemp)
  nx "$n" "$@" >"$out" 2>"$err"; rc=$?
  echo "\$ $n: $*"
  echo "--- stdout"; cat "$out"
  echo "--- stderr"; cat "$err"
  echo "--- rc $rc"
  rm -f "$out" "$err"
}

cleanup
write_config 200ms 1 500ms 2
for n in alpha beta; do echo "ping 10.77.0.3" >> "$D/nodes/$n/etc-ha.d/ha.cf"; done
setup_net
start_anchor alpha; start_anchor beta
echo "### not running"
record alpha $CL hbstatus
record alpha $CL hbstatus -m
record alpha $CL listnodes
record alpha $CL rscstatus
for n in alpha beta; do nx $n sh -c "exec $HB" >"$D/nodes/$n/hb.stderr" 2>&1; done
for i in $(seq 300); do
  if has_vip alpha; then
    ra=$(nx alpha $CL rscstatus 2>/dev/null); rb=$(nx beta $CL rscstatus 2>/dev/null)
    case "$ra" in local|all) [ -n "$rb" ] && [ "$rb" != transition ] && break;; esac
  fi
  sleep 0.1
done
sleep 2
echo "### settled: alpha holds IPaddr::10.77.0.100/24/eth0 (auto_failback off, ping 10.77.0.3)"
for c in "hbstatus" "hbstatus -m" "listnodes" "listnodes -n" "listnodes -p" "listnodes -m" \
    "nodestatus alpha" "nodestatus beta" "nodestatus 10.77.0.3" "nodestatus gamma" "nodestatus" "nodestatus -m beta" \
    "nodetype normal" "nodetype ping" "nodetype other" "nodetype alpha" "nodetype 10.77.0.3" "nodetype gamma" \
    "hbstatus -v" "listnodes -v" "listhblinks -v beta" "nodeweight alpha" "nodesite alpha" \
    "hbparameter -p keepalive" "hbparameter -p deadtime" "hbparameter -p warntime" "hbparameter -p initdead" \
    "hbparameter -p udpport" "hbparameter -p auto_failback" "hbparameter -p logfacility" "hbparameter -p node" \
    "hbparameter -p debug" "hbparameter -p nosuchthing" "hbparameter keepalive" "hbparameter" \
    "listhblinks alpha" "listhblinks beta" "listhblinks 10.77.0.3" "listhblinks gamma" "listhblinks -m beta" \
    "hblinkstatus alpha eth0" "hblinkstatus beta eth0" "hblinkstatus beta eth9" "hblinkstatus 10.77.0.3 10.77.0.3" \
    "hblinkstatus -m beta eth0" \
    "rscstatus" "rscstatus -m" \
    "clientstatus alpha ipfail" "clientstatus beta ipfail 100" \
    "parameter -p keepalive" "parameter -p deadtime" "parameter -p warntime" "parameter -p initdead" \
    "parameter -p udpport" "parameter -p auto_failback" "parameter -p logfile" "parameter -p logfacility" \
    "parameter -p node" "parameter -p debug" "parameter -p nosuchthing" "parameter keepalive" \
    "" "nosuchcommand" "-h" "--help"; do
  record alpha $CL $c
done
record beta $CL rscstatus
for a in "--help" "bogus" "all extra"; do record alpha $SB $a; done
for a in "--help" "bogus" "all extra"; do record alpha $TO $a; done
echo "### as nobody"
record alpha setpriv --reuid=nobody --regid=nogroup --clear-groups $CL hbstatus
record alpha setpriv --reuid=nobody --regid=nogroup --clear-groups $CL rscstatus
record alpha setpriv --reuid=nobody --regid=haclient --clear-groups $CL rscstatus
echo "### hb_standby on alpha"
record alpha $SB
sleep 4
record alpha $CL rscstatus
record beta $CL rscstatus
record alpha $CL rscstatus -m
record beta $CL rscstatus -m
echo "### hb_takeover on alpha"
record alpha $TO
sleep 4
record alpha $CL rscstatus
record beta $CL rscstatus
echo "### hb_standby foreign on beta, then local on alpha"
record beta $SB foreign
sleep 3
record alpha $CL rscstatus
record beta $CL rscstatus
record alpha $SB local
sleep 4
record alpha $CL rscstatus
record beta $CL rscstatus
echo "### beta killed (kill -9 of every process in its namespace, link down)"
ip -n hb-sw link set hbv-beta down
kill -9 $(node_pids beta) 2>/dev/null
sleep 4
for c in "nodestatus beta" "nodestatus -m beta" "hblinkstatus beta eth0" "listnodes" "rscstatus" "rscstatus -m" \
    "listnodes -v"; do record alpha $CL $c; done
