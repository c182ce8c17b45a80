# Role of a cluster node VM: the seed's node, set up as an administrator would, then the jheartbeat agent.
# /mnt/host/scenario.env names the node that makes the filesystem (FORMAT_ON; empty: nobody, the disk stays
# Inconsistent). The host asks the agent to stop by creating state/NODE.stop, and runs a command on the node
# by writing it to state/NODE.run (output in NODE.run.out, exit status in NODE.run.rc).
. /mnt/host/lib.sh
. /mnt/host/scenario.env

mkdir -p /etc/ha.d /etc/jheartbeat   # the .deb makes them; a copied distribution tree does not
cp -a /mnt/host/etc/ha.d/. /etc/ha.d/
chmod 600 /etc/ha.d/authkeys
cp /mnt/host/etc/r0.res /etc/drbd.d/r0.res
cp /mnt/host/etc/exports /etc/exports
cp /mnt/host/etc/jheartbeat.conf /etc/jheartbeat/jheartbeat.conf
# The seed's NIC bonding when the host asks for it (vm.bond0=ADDRESS): bond0 of eth0 and eth2 with the seed's
# module options, carrying the node's address on the client network.
bond0=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^vm\.bond0=//p')
if [ -n "$bond0" ]; then
    modprobe bonding mode=0 miimon=100 downdelay=200 updelay=200
    await 10 "[ -e /sys/class/net/eth2 ] && [ -e /sys/class/net/bond0 ]" || exit 1
    for slave in eth0 eth2; do ip link set "$slave" down && ip link set "$slave" master bond0; done
    ip addr add "$bond0" brd + dev bond0 && ip link set bond0 up
    log "bond0 $bond0 over eth0 and eth2: $(grep -c 'MII Status: up' /proc/net/bonding/bond0) MII up lines"
fi
name_the_lab
# statd must not notify the clients itself when nfs-kernel-server's start restarts it: it would announce this
# node's own name, which the clients do not know as their server, and use up the shared monitor list before the
# resource's sm-notify (with notify-name, the address they mounted) runs.
sed -i 's/^STATDOPTS=.*/STATDOPTS="--no-notify"/' /etc/default/nfs-common
mkdir -p /run/sendsigs.omit.d   # Debian's rpcbind init script registers itself there
/etc/init.d/rpcbind start >/dev/null

# LIO as a Debian node without systemd needs it for targetcli: the modules, configfs, LIO's db_root, and the system
# D-Bus that targetcli-fb 2.1.53 connects to before any command.
modprobe -a target_core_mod target_core_file iscsi_target_mod
mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
mkdir -p /etc/target /run/dbus && dbus-daemon --system --fork

drbdadm create-md --force r0 >/dev/null 2>&1 || log "drbdadm create-md failed"
drbdadm up r0 || log "drbdadm up failed"
log "$(head -1 /proc/drbd), $(java -version 2>&1 | head -1)"
log "$(grep ' 0:' /proc/drbd)"
if [ "$NODE" = "$FORMAT_ON" ]; then
    # First-time setup on the node that will own the group: initial sync, the seed's ext3, the NFS state
    # directory moved onto the shared disk.
    await 120 "grep -q 'cs:Connected' /proc/drbd" || exit 1
    drbdadm primary --force r0
    start=$(uptime_s)
    await 300 "grep -q 'ds:UpToDate/UpToDate' /proc/drbd" || exit 1
    echo "$start $(uptime_s)" | awk '{printf "%.1f\n", $2 - $1}' > "$STATE/initial-sync-seconds"
    mkfs.ext3 -q /dev/drbd0
    mkdir -p /data && mount -t ext3 /dev/drbd0 /data
    mkdir -p /data/export /data/iscsi
    truncate -s 8M /data/iscsi/lun0   # the LUN file of iSCSITarget in haresources
    cp -a /var/lib/nfs /data/nfs
    umount /data
    drbdadm secondary r0
    mark formatted
elif [ -n "$FORMAT_ON" ]; then
    await 600 "[ -e $STATE/$FORMAT_ON.formatted ]" || exit 1
fi
# The seed's layout: /var/lib/nfs is a symbolic link into the shared filesystem on both nodes. When haresources
# names the shared directory (nfs-kernel-server::/data/nfs, the managedstate scenario), the resource binds it.
grep -q 'nfs-kernel-server::' /etc/ha.d/haresources || { rm -rf /var/lib/nfs && ln -s /data/nfs /var/lib/nfs; }

# As /etc/init.d/heartbeat (and heartbeat's) does: softdog, disarmable, when ha.cf names a watchdog device.
if grep -q '^watchdog' /etc/ha.d/ha.cf; then
    modprobe softdog nowayout=0 && log "softdog loaded: $(ls -l /dev/watchdog)"
fi
jheartbeat --config-dir /etc/ha.d --node "$NODE" --settings /etc/jheartbeat/jheartbeat.conf \
    > "$STATE/$NODE.agent.log" 2>&1 &
agent=$!
mark agent-started
serve_host_commands "kill -0 $agent 2>/dev/null"   # hb_standby, hbctl status, ...
if kill -0 $agent 2>/dev/null; then
    kill -TERM $agent
    await 180 "! kill -0 $agent 2>/dev/null" && mark agent-stopped
else
    wait $agent; log "the agent exited by itself with status $?"
    # The host killed the agent to see what the node does on its own (softdog): it stays up, as a node would.
    [ -e "$STATE/$NODE.stay-up" ] && await 600 false
fi
log "$(grep ' 0:' /proc/drbd)"
