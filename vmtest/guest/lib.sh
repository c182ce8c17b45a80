# Sourced by the role scripts in the guest. The host share is /mnt/host; markers go to /mnt/host/state.
STATE=/mnt/host/state
NODE=$(hostname)
uptime_s() { cut -d' ' -f1 /proc/uptime; }
log() { echo "[$NODE $(uptime_s)s] $*"; }
# mark NAME: tells the host (and the peer) that a step is done; the file holds the guest's uptime.
mark() { uptime_s > "$STATE/$NODE.$1"; log "mark $1"; }
# await SECONDS CONDITION: polls the shell condition every 0.2 s; false when the time is up.
await() {
    local limit=$(( $1 * 5 )) n=0
    while ! eval "$2"; do
        n=$((n + 1)); [ $n -ge $limit ] && { log "timed out after $1 s waiting for: $2"; return 1; }
        sleep 0.2
    done
    return 0
}
# serve_host_commands CONDITION: while CONDITION holds and the host has not created state/NODE.stop, runs each
# command the host writes to state/NODE.run (output in NODE.run.out, exit status in NODE.run.rc).
serve_host_commands() {
    local command
    while [ ! -e "$STATE/$NODE.stop" ] && eval "$1"; do
        if [ -e "$STATE/$NODE.run" ]; then
            command=$(cat "$STATE/$NODE.run") && rm -f "$STATE/$NODE.run"
            log "running: $command"
            sh -c "$command" > "$STATE/$NODE.run.out" 2>&1
            echo $? > "$STATE/$NODE.run.rc"
        fi
        sleep 0.2
    done
}
# Every VM knows the others and the virtual address by name, as a site's /etc/hosts or DNS would: statd and
# sm-notify resolve both ways (sm-notify -v 10.99.0.10 refuses an address it cannot name: "my_name '10.99.0.10'
# is unusable: Temporary failure in name resolution").
name_the_lab() {
    local n
    { for n in 1 2 3; do echo "10.99.0.$n vm$n"; done; echo "10.99.0.10 vmtest-data"; } >> /etc/hosts
}
