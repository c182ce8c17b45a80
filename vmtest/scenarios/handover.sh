# Graceful handover: vm1 runs the seed's group and the client has written a file over NFS and blocks over iSCSI;
# `hb_standby` on vm1 must stop the group there (iSCSI target, NFS server, unmount, DRBD Secondary, address
# removed) before vm2 starts it, and the client reads its file and blocks from vm2 on the same address. Then
# `hb_takeover` on vm1 brings it back (failback). Should a stop fail, the node must halt itself and its peer take
# over: that is checked too.

# move_group FROM TO ON COMMAND: COMMAND on node ON moves the group from FROM to TO; prints the handover figures.
move_group() {
    local from=$1 to=$2 index_to=${2#vm} on=$3 asked
    shift 3
    local command="$*"
    asked=$(now)
    run_on "$on" "$command" || { verdict FAIL "$command on $on failed"; return 1; }
    await_host 300 "[ \"\$(vip_mac)\" = $(vm_mac "$index_to") ] && vip_answers || grep -q 'System halted' '$RUN/$from.console.log'" \
        || return 1
    if grep -q 'System halted' "$RUN/$from.console.log"; then
        verdict FAIL "$command on $on: a stop failed and $from halted itself: $(grep -m1 -o 'fencing by halt: .*' \
            "$RUN/share/state/$from.agent.log" | cut -c1-160)"
        peer_takes_over_from_halted "$from" "$to" "$asked"
        return 1
    fi
    local address_moved=$(now)
    await_host 300 "nfs_intact && lun_intact" || return 1
    figure "$command on $on -> address answers from $to" "$(seconds_between "$asked" "$address_moved")"
    figure "$command on $on -> client reads its file and blocks from $to" "$(seconds_between "$asked" "$(now)")"
    verdict PASS "$command on $on: the group moved from $from to $to, the client's file and blocks are intact"
}

run_scenario() {
    cluster_up || return 1
    client_writes || return 1
    no_false_alarm vm1 vm2 || return 1
    # where Debian's heartbeat package put them, and where the jheartbeat .deb links them
    move_group vm1 vm2 vm1 /usr/share/heartbeat/hb_standby || return 1
    move_group vm2 vm1 vm1 /usr/share/heartbeat/hb_takeover || return 1
}
