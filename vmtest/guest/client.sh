# Role of the NFS client VM: the kernel's NFSv3 client mounts the export through the virtual address and a
# process holds a lock on a file there (flock, which the NFS client turns into an NLM lock on the server), until
# the host creates state/NODE.stop. The host runs commands here through state/NODE.run, as on the nodes.
. /mnt/host/lib.sh
name_the_lab
mkdir -p /run/sendsigs.omit.d /mnt/nfs
/etc/init.d/rpcbind start > /dev/null
/etc/init.d/nfs-common start > /dev/null   # rpc.statd: the server's reboot notification reaches lockd through it
await 600 "mount -t nfs -o vers=3,hard,timeo=20 10.99.0.10:/data/export /mnt/nfs 2>/dev/null" || exit 1
mark mounted
( flock -x 9 && echo "$(uptime_s) locked by $$" >&9 && mark locked && while [ ! -e "$STATE/$NODE.stop" ]; do sleep 0.5; done
) 9>> /mnt/nfs/locked.file &
holder=$!
serve_host_commands "kill -0 $holder 2>/dev/null"
log "lock holder $(kill -0 $holder 2>/dev/null && echo alive || echo gone); $(dmesg | grep -ci 'lockd') lockd kernel lines"
umount -f /mnt/nfs 2>/dev/null
