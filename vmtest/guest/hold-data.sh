# Makes /data impossible to unmount, as a process stuck in the kernel on a dead device would: a process with its
# working directory and an open file in /data, frozen in a cgroup v1 freezer. A frozen task acts on no signal,
# not even SIGKILL, until it is thawed, so the Filesystem resource's TERM and KILL to the holders cannot free
# the mount. Run on the owner through node.sh's command hook; prints the holder's PID.
. /mnt/host/lib.sh
mkdir -p /run/freezer
mountpoint -q /run/freezer || mount -t cgroup -o freezer freezer /run/freezer
mkdir -p /run/freezer/holder
cd /data/export || exit 1
sh -c 'exec 3>> /data/export/held-open; echo $$ > /run/freezer/holder/cgroup.procs; exec sleep 100000' \
    < /dev/null > /dev/null 2>&1 &
holder=$!
await 10 "grep -qx $holder /run/freezer/holder/cgroup.procs" || exit 1
await 10 "[ \"\$(readlink /proc/$holder/fd/3)\" = /data/export/held-open ]" || exit 1
echo FROZEN > /run/freezer/holder/freezer.state
await 10 "grep -qx FROZEN /run/freezer/holder/freezer.state" || exit 1
echo "holder $holder frozen: cwd $(readlink /proc/$holder/cwd), fd 3 $(readlink /proc/$holder/fd/3)"
