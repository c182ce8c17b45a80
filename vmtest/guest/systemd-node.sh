# Role of a node VM booted with systemd as PID 1 (the systemd scenario; guest/init's vm.init=systemd): the lab's
# configuration as an administrator writes it, and nothing started. The host starts, reloads, restarts and stops
# the agent through its unit (systemctl ... heartbeat.service) with state/NODE.run commands, as an administrator
# would, and asks the node to power off with state/NODE.stop.
. /mnt/host/lib.sh

cp -a /mnt/host/etc/ha.d/. /etc/ha.d/
chmod 600 /etc/ha.d/authkeys
cp /mnt/host/etc/jheartbeat.conf /etc/jheartbeat/jheartbeat.conf
name_the_lab
# The unit's 60 s for a start fits hardware (about 1 s); under TCG on a loaded host the JVM's start alone took 37-52 s.
mkdir -p /etc/systemd/system/heartbeat.service.d
printf '[Service]\nTimeoutStartSec=300s\n' > /etc/systemd/system/heartbeat.service.d/vmtest.conf
systemctl daemon-reload
log "PID 1: $(cat /proc/1/comm), $(systemctl --version | head -1); heartbeat.service $(systemctl is-enabled heartbeat.service)"
mark ready
serve_host_commands true
systemctl stop heartbeat.service && mark agent-stopped
journalctl -b -o short-precise > "$STATE/$NODE.journal.txt" 2>&1
