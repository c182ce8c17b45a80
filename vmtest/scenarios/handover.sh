# Graceful handover: vm1 runs the seed's group and the client has written a file over NFS; `hb_standby` on vm1
# must stop the group there (NFS server, unmount, DRBD Secondary, address removed) before vm2 starts it, and the
# client reads its file from vm2 on the same address. Then `hb_takeover` on vm1 brings it back (failback).
# Should a stop fail, the node must halt itself and its peer take over: that is checked too.
source "$VMTEST_DIR/scenarios/failover.sh"   # the client and the address helpers

# run_on NODE COMMAND: runs COMMAND in the node's guest (node.sh picks it up) and waits for its exit status.
run_on() {
    rm -f "$RUN/share/state/$1.run.rc"
    echo "$2" > "$RUN/share/state/$1.run"
    await_host 120 "[ -e '$RUN/share/state/$1.run.rc' ]" || return 1
    echo "[host] $1: $2 -> exit $(cat "$RUN/share/state/$1.run.rc"): $(head -c 300 "$RUN/share/state/$1.run.out")"
    [ "$(cat "$RUN/share/state/$1.run.rc")" = 0 ]
}

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
    await_host 300 "[ \"\$(client_md5 before.bin)\" = $EXPECTED ]" || return 1
    figure "$command on $on -> address answers from $to" "$(seconds_between "$asked" "$address_moved")"
    figure "$command on $on -> client reads its file from $to" "$(seconds_between "$asked" "$(now)")"
    verdict PASS "$command on $on: the group moved from $from to $to, the client's file is intact"
}

# A node that could not stop a resource halted itself (invariant 3): its peer must take the group over once the
# halted node stops answering, and serve the client's file.
peer_takes_over_from_halted() {
    local from=$1 to=$2 asked=$3
    if await_host 300 "[ \"\$(vip_mac)\" = $(vm_mac "${to#vm}") ] && vip_answers" \
        && await_host 300 "[ \"\$(client_md5 before.bin)\" = $EXPECTED ]"; then
        figure "request on $from -> $from halted, client reads its file from $to" "$(seconds_between "$asked" "$(now)")"
        verdict PASS "after $from halted itself on a failed stop, $to took the group over; the client's file is intact"
    else
        verdict FAIL "after $from halted itself, $to did not serve the client's file"
    fi
}

run_scenario() {
    echo "FORMAT_ON=vm1" > "$RUN/share/scenario.env"
    vm_start vm1 1 node.sh
    vm_start vm2 2 node.sh
    await_host 600 "marker vm1.agent-started && marker vm2.agent-started" || return 1
    await_host 600 client_ls || return 1
    [ "$(vip_mac)" = "$(vm_mac 1)" ] || { verdict FAIL "the group did not start on vm1"; return 1; }
    head -c 4M /dev/urandom > "$RUN/before.bin"
    EXPECTED=$(md5sum < "$RUN/before.bin" | cut -d' ' -f1)
    in_lab timeout 60 nfs-cp "$RUN/before.bin" "$(nfs_url before.bin)" || { verdict FAIL "nfs-cp failed"; return 1; }
    no_false_alarm vm1 vm2 || return 1
    # where Debian's heartbeat package put them, and where the jheartbeat .deb links them
    move_group vm1 vm2 vm1 /usr/share/heartbeat/hb_standby || return 1
    move_group vm2 vm1 vm1 /usr/share/heartbeat/hb_takeover || return 1
}
