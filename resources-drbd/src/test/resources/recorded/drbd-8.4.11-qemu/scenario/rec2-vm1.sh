. /mnt/host/rec-lib.sh
drbdadm create-md --force r0 >/dev/null 2>&1
drbdadm up r0
waitfor 60 "grep -q 'cs:Connected' /proc/drbd"
drbdadm primary --force r0
waitfor 120 "grep -q 'ds:UpToDate/UpToDate' /proc/drbd"
drbdadm secondary r0
touch $S/vm1-synced
waitfor 60 "[ -e $S/vm2-down ]"
drbdadm down r0
drbdadm up r0
sleep 1
snap vm1-40-restarted-alone
rec vm1-41-primary-restarted-alone drbdadm primary r0
snap vm1-42-primary-restarted-alone
drbdadm down r0
touch $S/vm1-done
