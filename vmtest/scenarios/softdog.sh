# The owner's agent killed (SIGKILL) with its node up, ha.cf naming a watchdog device as heartbeat sites do
# (watchdog /dev/watchdog; guest/node.sh loads softdog with nowayout=0 first, as /etc/init.d/heartbeat does). The
# agent set the timer to deadtime (5 s: 6 s, heartbeat's rounding) and fed it; killed, it feeds it no more. Its guard
# deletes the virtual address at once, the kernel's watchdog resets vm1 (qemu runs with -no-reboot, so the reset
# ends it), and vm2 takes the group over and serves the client's file and blocks.

run_scenario() {
    echo "watchdog /dev/watchdog" >> "$RUN/share/etc/ha.d/ha.cf"
    cluster_up || return 1
    client_writes || return 1
    past_initdead
    no_false_alarm vm1 vm2 || return 1
    grep -q 'watchdog /dev/watchdog: timer set to 6 s' "$RUN/share/state/vm1.agent.log" \
        || { verdict FAIL "vm1's agent did not set the watchdog's timer to 6 s"; return 1; }

    local killed reset served
    touch "$RUN/share/state/vm1.stay-up"   # node.sh keeps the node up once its agent is gone
    killed=$(now)
    run_on vm1 'kill -KILL $(cat /run/jheartbeat/agent.lock)' || { verdict FAIL "could not kill vm1's agent"; return 1; }
    await_host 120 "! vm_running vm1" || { verdict FAIL "vm1 still runs 120 s after its agent was killed"; return 1; }
    reset=$(now)
    await_host 300 "[ \"\$(vip_mac)\" = $(vm_mac 2) ] && vip_answers && nfs_intact && lun_intact" \
        || { verdict FAIL "vm2 did not serve the client's file and blocks after vm1's reset"; return 1; }
    served=$(now)
    figure "SIGKILL of vm1's agent -> the watchdog reset vm1 (qemu exited; timer 6 s)" \
        "$(seconds_between "$killed" "$reset")"
    figure "SIGKILL of vm1's agent -> client reads its data from vm2" "$(seconds_between "$killed" "$served")"
    echo "[host] vm1's console: $(grep -m1 'softdog: Initiating' "$RUN/vm1.console.log" | tr -d '\r' | cut -c1-160)"
    echo "[host] vm1's agent log after the kill:"
    grep -E 'jheartbeat-guard|release' "$RUN/share/state/vm1.agent.log" | tail -6 | cut -c1-200 | sed 's/^/    /'
    grep -q 'jheartbeat-guard: deleted 10.99.0.10/' "$RUN/share/state/vm1.agent.log" \
        || { verdict FAIL "vm1's guard did not delete the virtual address"; return 1; }
    grep -q -i 'softdog.*reboot' "$RUN/vm1.console.log" \
        || { verdict FAIL "vm1 went away, but its console shows no softdog reset"; return 1; }
    verdict PASS "the killed agent's guard deleted the address, the watchdog reset vm1, vm2 serves the intact data"
}
