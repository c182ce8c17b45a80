. /mnt/host/rec-lib.sh
rec vm1-50-primary-unknown-resource drbdadm primary r9
rec vm1-51-connect-unknown-resource drbdadm connect r9
