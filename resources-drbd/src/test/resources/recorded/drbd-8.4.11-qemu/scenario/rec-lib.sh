# Recording helpers for the drbddisk stand-in's reference outputs (sourced by rec-vm1.sh / rec-vm2.sh).
up() { cut -d' ' -f1 /proc/uptime; }
log() { echo "[$(hostname) t=$(up)] $*"; }
waitfor() { n=0; while ! eval "$2"; do sleep 0.2; n=$((n+1)); [ $n -ge $(($1*5)) ] && { log "TIMEOUT waiting for: $2"; cat /proc/drbd; return 1; }; done; return 0; }
S=/mnt/host/state; R=/mnt/host/rec; mkdir -p $S $R
rec() { name=$1; shift; "$@" > $R/$name.out 2> $R/$name.err; echo $? > $R/$name.rc; log "rec $name rc=$(cat $R/$name.rc)"; }
snap() { cat /proc/drbd > $R/$1.proc; log "snap $1: $(grep cs: /proc/drbd)"; }
modprobe drbd
cp /mnt/host/r0-fast.res /etc/drbd.d/r0.res
