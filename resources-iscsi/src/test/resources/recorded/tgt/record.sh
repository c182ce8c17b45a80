#!/bin/bash
# Records tgtadm's answers for the unit tests: one .out/.err/.rc triple per case. Run as root on a machine
# with tgt and libiscsi-bin; everything runs in a private network namespace with its own tgtd control port.
set -u
OUT=$(cd "$(dirname "$0")" && pwd)
NS=jhb-iet-record-$$; CP=$((7000 + $$ % 1000)); W=/tmp/jhb-iet-record; rm -rf "$W"; mkdir -p "$W"
IQN=iqn.2001-04.com.example:storage.disk2.sys1.xyz
ip netns add $NS; ip -n $NS link set lo up
cleanup() { [ -n "${LOOP:-}" ] && losetup --detach "$LOOP";rm -f /var/run/tgtd/socket.$CP /var/run/tgtd/socket.$CP.lock; [ -n "${TP:-}" ] && kill -9 $TP 2>/dev/null; [ -n "${CP_PID:-}" ] && kill -9 $CP_PID 2>/dev/null; ip netns del $NS; rm -rf "$W"; }
trap cleanup EXIT
rec() { local name=$1; shift; ip netns exec $NS "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"; echo $? > "$OUT/$name.rc"; }
T="tgtadm -C $CP --lld iscsi"
rec no-daemon $T --op show --mode target
ip netns exec $NS tgtd -f -C $CP > "$W/tgtd.log" 2>&1 & TP=$!
for i in $(seq 1 100); do ip netns exec $NS tgtadm -C $CP --op show --mode sys >/dev/null 2>&1 && break; sleep 0.05; done
truncate -s 8M "$W/LUN0" "$W/LUN1"
rec show-empty $T --op show --mode target
rec new-target $T --op new --mode target --tid 1 --targetname $IQN
rec show-target-only $T --op show --mode target
rec new-target-tid-exists $T --op new --mode target --tid 1 --targetname iqn.2026-11.test:other
rec new-target-name-exists $T --op new --mode target --tid 2 --targetname $IQN
rec new-lun-missing-file $T --op new --mode logicalunit --tid 1 --lun 1 --backing-store "$W/absent"
rec new-lun $T --op new --mode logicalunit --tid 1 --lun 1 --backing-store "$W/LUN0"
rec new-lun-exists $T --op new --mode logicalunit --tid 1 --lun 1 --backing-store "$W/LUN0"
rec new-lun-no-target $T --op new --mode logicalunit --tid 9 --lun 1 --backing-store "$W/LUN0"
rec show-one-lun $T --op show --mode target
ip netns exec $NS $T --op new --mode logicalunit --tid 1 --lun 2 --backing-store "$W/LUN1"
rec bind-address $T --op bind --mode target --tid 1 --initiator-address 10.78.0.3
rec bind-address-again $T --op bind --mode target --tid 1 --initiator-address 10.78.0.3
ip netns exec $NS $T --op bind --mode target --tid 1 --initiator-address 10.78.0.0/24
rec show-accounts-empty $T --op show --mode account
rec new-account $T --op new --mode account --user jhbuser --password jhbsecret123
rec new-account-exists $T --op new --mode account --user jhbuser --password jhbsecret123
rec bind-account $T --op bind --mode account --tid 1 --user jhbuser
rec show-accounts $T --op show --mode account
rec show-two-luns-acl-chap $T --op show --mode target
ip netns exec $NS $T --op unbind --mode account --tid 1 --user jhbuser
ip netns exec $NS $T --op unbind --mode target --tid 1 --initiator-address 10.78.0.3
ip netns exec $NS $T --op unbind --mode target --tid 1 --initiator-address 10.78.0.0/24
ip netns exec $NS $T --op bind --mode target --tid 1 --initiator-address 127.0.0.1
ip netns exec $NS timeout -s KILL 20 iscsi-perf -t 30 iscsi://127.0.0.1/$IQN/1 > "$W/perf.log" 2>&1 & CP_PID=$!
for i in $(seq 1 100); do ip netns exec $NS $T --op show --mode target | grep -q "Connection:" && break; sleep 0.05; done
rec show-with-session $T --op show --mode target
rec delete-target-active $T --op delete --mode target --tid 1
rec update-offline $T --op update --mode target --tid 1 --name state --value offline
rec unbind-address $T --op unbind --mode target --tid 1 --initiator-address 127.0.0.1
rec unbind-address-absent $T --op unbind --mode target --tid 1 --initiator-address 127.0.0.1
rec delete-connection $T --op delete --mode conn --tid 1 --sid 1 --cid 0
rec show-offline-no-session $T --op show --mode target
rec delete-target-force $T --op delete --force --mode target --tid 1
kill -9 $CP_PID 2>/dev/null; CP_PID=
rec show-empty-after-delete $T --op show --mode target
rec delete-target-absent $T --op delete --force --mode target --tid 1
LOOP=$(losetup --find --show "$W/LUN1"); ln -s "$LOOP" "$W/blockdev"
ip netns exec $NS $T --op new --mode target --tid 1 --targetname iqn.2026-11.test:blockio
rec new-lun-direct $T --op new --mode logicalunit --tid 1 --lun 1 --backing-store "$W/blockdev" --bsoflags direct
rec bind-name $T --op bind --mode target --tid 1 --initiator-name iqn.1993-08.org.debian:01:8b4e6c2a1f0d
rec show-direct-named $T --op show --mode target
rec stat-blockdev stat -L -c %F "$W/blockdev"
ip netns exec $NS $T --op delete --force --mode target --tid 1
losetup --detach "$LOOP"; LOOP=
rec delete-account $T --op delete --mode account --user jhbuser
rec delete-account-absent $T --op delete --mode account --user jhbuser
rec delete-system tgtadm -C $CP --op delete --mode system
for i in $(seq 1 100); do kill -0 $TP 2>/dev/null || break; sleep 0.02; done
kill -0 $TP 2>/dev/null && echo "tgtd did not exit" || TP=
rec stat-missing stat -L -c %F "$W/absent"
rec stat-file stat -L -c %F "$W/LUN0"
rec stat-dir stat -L -c %F "$W"
tgtd -V > "$OUT/version.txt" 2>&1
