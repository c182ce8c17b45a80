#!/bin/bash
# Powers a simulated node off, from inside it (its network and mount namespace): the e2e cluster's fencing
# command (jheartbeat.fencing.method = command) and the tests' own "pull the plug".
# usage: power-off.sh NODE_DIR DRBD_STAND_IN|- DRBD_NODE REASON...
# The node's link goes down first, so nothing it does afterwards reaches the segment; then its DRBD side
# vanishes (the peer sees the connection drop), then every process in its mount namespace is killed by PID,
# this script last. The mount namespace dies with its processes, and the kernel drops its mounts.
node_dir=$1 stand_in=$2 drbd_node=$3
shift 3
printf '%s %s\n' "$(date +%s%3N)" "$*" >> "$node_dir/powered-off"
ip link set eth0 down
if [ "$stand_in" != - ]; then
    "$stand_in" - sim link down
    "$stand_in" - sim set "${drbd_node}_conn=Unconfigured" "${drbd_node}_role=Secondary" "${drbd_node}_open=0"
fi
for process in /proc/[0-9]*; do
    pid=${process#/proc/}
    # [[ -ef ]] compares the namespace files without a fork per process: the kill lands within milliseconds.
    if [ "$pid" != $$ ] && [[ $process/ns/mnt -ef /proc/$$/ns/mnt ]]; then
        kill -9 "$pid" 2>/dev/null
    fi
done
kill -9 $$
