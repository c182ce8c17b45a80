. /mnt/host/rec-lib.sh
drbdadm create-md --force r0 >/dev/null 2>&1
drbdadm up r0
waitfor 60 "[ -e $S/vm1-synced ]"
waitfor 30 "grep -q 'ro:Secondary/Secondary ds:UpToDate/UpToDate' /proc/drbd"
drbdadm down r0
touch $S/vm2-down
waitfor 60 "[ -e $S/vm1-done ]"
