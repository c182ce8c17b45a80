# A stop that fails: the owner's /data cannot be unmounted (a frozen process holds it: guest/hold-data.sh), and
# hb_standby asks the owner to give the group away. The Filesystem stop must fail within its timeout, and the node
# must then fence itself for real; here with fencing.method = poweroff, so that its qemu exits (a halted x86
# guest keeps its qemu: the degraded scenario covers halt). Only after that may vm2 promote DRBD and take the group
# over; the client's file and blocks must be intact.

# The failed stop gives up after 10 s and one retry instead of 10 retries of the generous TCG stop timeout.
fail_fast_and_power_off() {
    cat >> "$RUN/share/etc/jheartbeat.conf" <<'CONF'
# failedstop scenario: a busy /data fails its stop quickly, and the node powers itself off
jheartbeat.operations { by-type.Filesystem.stop = 10s, stop-retries = 1 }
jheartbeat.fencing.method = poweroff
CONF
}

run_scenario() {
    fail_fast_and_power_off
    cluster_up || return 1
    client_writes || return 1
    past_initdead
    no_false_alarm vm1 vm2 || return 1
    run_on vm1 "sh /mnt/host/hold-data.sh" || { verdict FAIL "could not make /data busy on vm1"; return 1; }

    local asked=$(now) off promoted
    run_on vm1 /usr/share/heartbeat/hb_standby || { verdict FAIL "hb_standby on vm1 failed"; return 1; }
    # vm2's DRBD promotion must not be seen while vm1's qemu still runs
    await_host 300 "! vm_running vm1 || grep -q 'r0 Primary: promoted' '$RUN/share/state/vm2.agent.log'" || return 1
    if vm_running vm1; then
        verdict FAIL "vm2 promoted DRBD while vm1 was still running"
        return 1
    fi
    off=$(now)
    figure "hb_standby on vm1 (busy /data) -> vm1 powered itself off (qemu exited)" "$(seconds_between "$asked" "$off")"
    echo "[host] vm1's agent log:"
    grep -E 'Filesystem|holder|fenc|poweroff|stop' "$RUN/share/state/vm1.agent.log" | tail -8 | cut -c1-220 | sed 's/^/    /'
    echo "[host] vm1's console: $(grep -E 'reboot: ' "$RUN/vm1.console.log" | tail -1)"
    if ! grep -q 'fencing by poweroff' "$RUN/share/state/vm1.agent.log" \
        || ! grep -q 'reboot: Power down' "$RUN/vm1.console.log" \
        || grep -q 'role node.sh exit' "$RUN/vm1.console.log"; then
        verdict FAIL "vm1 went away, but not by fencing itself with poweroff after the failed stop"
        return 1
    fi
    verdict PASS "the Filesystem stop failed on the busy /data and vm1 powered itself off (its qemu exited)"
    await_host 300 "grep -q 'r0 Primary: promoted' '$RUN/share/state/vm2.agent.log'" || return 1
    promoted=$(now)
    figure "vm1 off -> vm2 promoted DRBD (seen by the host)" "$(seconds_between "$off" "$promoted")"
    echo "[host] guest clocks: vm1 fenced at $(grep -m1 -o '^[0-9-]* [0-9:.]*.*fencing by' \
        "$RUN/share/state/vm1.agent.log" | cut -c12-23), vm2 promoted at $(grep -m1 'r0 Primary: promoted' \
        "$RUN/share/state/vm2.agent.log" | cut -c12-23)"
    peer_takes_over_from_halted vm1 vm2 "$asked"
    agent_log_excerpt vm2
}
