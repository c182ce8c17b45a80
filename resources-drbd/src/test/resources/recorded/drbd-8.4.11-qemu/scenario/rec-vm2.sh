. /mnt/host/rec-lib.sh
drbdadm create-md --force r0 >/dev/null 2>&1
drbdadm up r0
waitfor 60 "grep -q 'cs:Connected\|cs:Sync' /proc/drbd"
waitfor 60 "[ -e $S/vm1-primary ]"
snap vm2-01-peer-primary
rec vm2-02-primary-peer-primary drbdadm primary r0
rec vm2-03-role drbdadm role r0
touch $S/vm2-tried-primary
waitfor 60 "[ -e $S/vm1-secondary ]"
rec vm2-04-primary drbdadm primary r0
snap vm2-05-primary
touch $S/vm2-primary
waitfor 60 "grep -q 'cs:WFConnection' /proc/drbd"
snap vm2-06-partitioned
dd if=/dev/urandom of=/dev/drbd0 bs=4k count=16 oflag=direct 2>/dev/null; sync
touch $S/vm2-wrote
waitfor 60 "grep -q 'cs:StandAlone' /proc/drbd"
snap vm2-07-split-brain
waitfor 60 "[ -e $S/vm1-connect ]"
sleep 3
rec vm2-08-connect-standalone drbdadm connect r0
touch $S/vm2-connect
waitfor 30 "grep -q 'cs:StandAlone' /proc/drbd"
snap vm2-09-after-both-connect
drbdadm down r0
touch $S/vm2-done
waitfor 60 "[ -e $S/vm1-done ]"
