. /mnt/host/rec-lib.sh
snap vm1-00-loaded
rec vm1-01-primary-down drbdadm primary r0
rec vm1-02-secondary-down drbdadm secondary r0
rec vm1-02b-connect-down drbdadm connect r0
drbdadm create-md --force r0 >/dev/null 2>&1
drbdadm up r0
snap vm1-03-up
waitfor 60 "grep -q 'cs:Connected' /proc/drbd"
snap vm1-04-connected-inconsistent
rec vm1-05-primary-inconsistent drbdadm primary r0
rec vm1-06-primary-force drbdadm primary --force r0
sleep 0.3; snap vm1-06b-syncing
waitfor 120 "grep -q 'ds:UpToDate/UpToDate' /proc/drbd"
snap vm1-07-primary-synced
rec vm1-08-role drbdadm role r0
rec vm1-09-cstate drbdadm cstate r0
rec vm1-10-dstate drbdadm dstate r0
rec vm1-11-status drbdadm status r0
rec vm1-12-status-json drbdsetup status --json r0
rec vm1-13-sh-minor drbdadm sh-minor r0
rec vm1-13b-connect-connected drbdadm connect r0
rec vm1-13c-primary-again drbdadm primary r0
touch $S/vm1-primary
waitfor 60 "[ -e $S/vm2-tried-primary ]"
exec 3</dev/drbd0
rec vm1-14-secondary-held-open drbdadm secondary r0
exec 3<&-
rec vm1-15-secondary drbdadm secondary r0
snap vm1-16-secondary
touch $S/vm1-secondary
waitfor 60 "[ -e $S/vm2-primary ]"
snap vm1-17-peer-primary
rec vm1-17b-primary-peer-primary drbdadm primary r0
touch $S/req-partition; waitfor 30 "[ -e $S/done-partition ]"
waitfor 60 "grep -q 'cs:WFConnection' /proc/drbd"
snap vm1-18-partitioned
rec vm1-18b-status-partitioned drbdadm status r0
rec vm1-19-primary-alone drbdadm primary r0
snap vm1-20-primary-alone
dd if=/dev/urandom of=/dev/drbd0 bs=4k count=16 oflag=direct 2>/dev/null; sync
touch $S/vm1-wrote
waitfor 60 "[ -e $S/vm2-wrote ]"
touch $S/req-heal
waitfor 60 "grep -q 'cs:StandAlone' /proc/drbd"
snap vm1-21-split-brain
dmesg | grep -i drbd | tail -40 > $R/vm1-22-dmesg.txt
rec vm1-22b-status-standalone drbdadm status r0
rec vm1-23-connect-standalone drbdadm connect r0
snap vm1-24-after-connect
touch $S/vm1-connect
waitfor 60 "[ -e $S/vm2-connect ]"
waitfor 30 "grep -q 'cs:StandAlone' /proc/drbd"
snap vm1-25-after-both-connect
dmesg | grep -i drbd | tail -20 > $R/vm1-26-dmesg-after-connect.txt
rec vm1-27-secondary-standalone drbdadm secondary r0
drbdadm down r0
snap vm1-28-down
touch $S/vm1-done
waitfor 60 "[ -e $S/vm2-done ]"
