# The seed's two-node cluster, as the scenarios start it and judge it. Sourced by run.sh after lib/lab.sh and
# lib/client.sh.

# cluster_up: boots vm1 and vm2 as the seed's nodes (vm1 makes the shared filesystem) and waits until vm1 serves
# the whole group to the client: NFS and the iSCSI LUN on the virtual address. Sets AGENTS_STARTED.
cluster_up() {
    echo "FORMAT_ON=vm1" > "$RUN/share/scenario.env"
    vm_start vm1 1 node.sh
    vm_start vm2 2 node.sh
    await_host 600 "marker vm1.formatted" || return 1
    figure "boot both VMs, DRBD initial sync, mkfs.ext3" "$(seconds_between "$LAB_START" "$(now)")"
    figure "  of which the 64 MiB initial DRBD sync" "$(cat "$RUN/share/state/initial-sync-seconds")"
    await_host 120 "marker vm1.agent-started && marker vm2.agent-started" || return 1
    AGENTS_STARTED=$(now)
    await_host 600 "client_ls && lun_answers" || return 1
    figure "agents started -> NFS and iSCSI served on the virtual address" "$(seconds_between "$AGENTS_STARTED" "$(now)")"
    # the LUN answers already while the start reads LIO's configfs back, before it logs
    await_host 120 "grep -q 'iSCSITarget::.*serving 1 LUN(s) .* with lio' '$RUN/share/state/vm1.agent.log'" \
        || { verdict FAIL "vm1's agent did not log its iSCSI target served by LIO"; return 1; }
    [ "$(vip_mac)" = "$(vm_mac 1)" ] || { verdict FAIL "the group did not start on vm1 (MAC $(vip_mac))"; return 1; }
}

# past_initdead: sleeps until initdead (ha.cf) has passed since the agents started (the steady state), so that
# the figures do not depend on start-up.
past_initdead() {
    sleep "$(echo "$AGENTS_STARTED $(now) $(ha_cf_time initdead)" | awk '{left = $3 + 2 - ($2 - $1); print (left > 0 ? left : 0)}')"
}

# no_false_alarm NODE...: the short timings hold: no node was declared dead or frozen while all were up; the
# late-heartbeat warnings (warntime) are counted, as they show how close TCG came to deadtime.
no_false_alarm() {
    local node log alarms
    for node in "$@"; do
        log=$RUN/share/state/$node.agent.log
        alarms=$(grep -E 'node vm[0-9] dead|frozen for longer' "$log")
        figure "late-heartbeat warnings in $node's log so far (warntime $(ha_cf_time warntime))" \
            "$(grep -c 'late heartbeat' "$log")" lines
        if [ -n "$alarms" ]; then
            verdict FAIL "false alarm in $node's log while every node was up: $(echo "$alarms" | head -1 | cut -c1-160)"
            return 1
        fi
    done
}

# agent_log_excerpt NODE: the lines of the node's agent log that tell a takeover's story.
agent_log_excerpt() {
    grep -E 'dead|acquir|started|Primary|mounted|serving|fenc|halt' "$RUN/share/state/$1.agent.log" | tail -14 \
        | cut -c1-200 | sed 's/^/    /'
}

# run_on NODE COMMAND: runs COMMAND in the node's guest (node.sh picks it up) and waits for its exit status.
run_on() {
    rm -f "$RUN/share/state/$1.run.rc"
    echo "$2" > "$RUN/share/state/$1.run"
    await_host 120 "[ -e '$RUN/share/state/$1.run.rc' ]" || return 1
    echo "[host] $1: $2 -> exit $(cat "$RUN/share/state/$1.run.rc"): $(head -c 300 "$RUN/share/state/$1.run.out")"
    [ "$(cat "$RUN/share/state/$1.run.rc")" = 0 ]
}

# peer_takes_over_from_halted FROM TO SINCE: a node that could not stop a resource fenced itself (invariant 3);
# its peer must take the group over once the halted node stops answering, and serve the client's file and blocks.
peer_takes_over_from_halted() {
    local from=$1 to=$2 since=$3
    if await_host 300 "[ \"\$(vip_mac)\" = $(vm_mac "${to#vm}") ] && vip_answers" \
        && await_host 300 "nfs_intact && lun_intact"; then
        figure "request on $from -> $from fenced itself, client reads its data from $to" "$(seconds_between "$since" "$(now)")"
        verdict PASS "after $from fenced itself on a failed stop, $to took the group over; the client's file and blocks are intact"
    else
        verdict FAIL "after $from fenced itself, $to did not serve the client's file and blocks"
    fi
}
