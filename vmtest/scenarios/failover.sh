# Power loss of the owner: vm1 runs the seed's group (virtual IP, DRBD primary, ext3 on /data, kernel NFS server
# with /var/lib/nfs -> /data/nfs); a client in the lab namespace writes a file over NFS to the virtual address;
# the host SIGKILLs vm1's qemu; vm2 must answer on the same address, with DRBD promoted and the file intact.
# Then vm2's agent is stopped (SIGTERM) and must stop the group (DRBD back to Secondary) and leave.

nfs_url() { echo "nfs://$VIRTUAL_ADDRESS/data/export/$1"; }
# The client: libnfs (NFSv3, user space), bounded so that a vanished server cannot hang the run.
client_ls() { in_lab timeout 10 nfs-ls "nfs://$VIRTUAL_ADDRESS/data/export" >/dev/null 2>&1; }
client_md5() { in_lab timeout 10 nfs-cat "$(nfs_url "$1")" 2>/dev/null | md5sum | cut -d' ' -f1; }
vip_answers() { in_lab ping -c 1 -W 1 "$VIRTUAL_ADDRESS" >/dev/null 2>&1; }
vip_mac() { in_lab ip neigh show "$VIRTUAL_ADDRESS" | awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'; }
vm_mac() { echo "52:54:00:99:0$1:00"; }

# no_false_alarm NODE...: the short timings hold: no node was declared dead or frozen while all were up; the
# late-heartbeat warnings (warntime) are counted, as they show how close TCG came to deadtime.
no_false_alarm() {
    local node log alarms
    for node in "$@"; do
        log=$RUN/share/state/$node.agent.log
        alarms=$(grep -E 'node vm[0-9] dead|frozen for longer' "$log")
        figure "late-heartbeat warnings in $node's log so far (warntime $(ha_cf_time warntime))" \
            "$(grep -c 'late heartbeat' "$log")"
        if [ -n "$alarms" ]; then
            verdict FAIL "false alarm in $node's log while every node was up: $(echo "$alarms" | head -1 | cut -c1-160)"
            return 1
        fi
    done
}

run_scenario() {
    echo "FORMAT_ON=vm1" > "$RUN/share/scenario.env"
    vm_start vm1 1 node.sh
    vm_start vm2 2 node.sh
    await_host 600 "marker vm1.formatted" || return 1
    figure "boot both VMs, DRBD initial sync, mkfs.ext3" "$(seconds_between "$LAB_START" "$(now)")"
    figure "  of which the 64 MiB initial DRBD sync" "$(cat "$RUN/share/state/initial-sync-seconds")"
    await_host 120 "marker vm1.agent-started && marker vm2.agent-started" || return 1
    local agents_started=$(now)
    await_host 600 client_ls || return 1
    figure "agents started -> NFS served on the virtual address" "$(seconds_between "$agents_started" "$(now)")"
    [ "$(vip_mac)" = "$(vm_mac 1)" ] || { echo "[host] the virtual address is not on vm1 (MAC $(vip_mac))"; return 1; }

    head -c 4M /dev/urandom > "$RUN/before.bin"
    local expected written
    expected=$(md5sum < "$RUN/before.bin" | cut -d' ' -f1)
    in_lab timeout 60 nfs-cp "$RUN/before.bin" "$(nfs_url before.bin)" || { echo "[host] nfs-cp failed"; return 1; }
    written=$(client_md5 before.bin)
    [ "$written" = "$expected" ] || { echo "[host] read back before the failure: $written, wrote $expected"; return 1; }
    echo "[host] client wrote 4 MiB to $(nfs_url before.bin) on vm1, md5 $expected"
    # The steady state: past initdead (ha.cf) from the agents' start, so the figures do not depend on start-up.
    sleep "$(echo "$agents_started $(now) $(ha_cf_time initdead)" | awk '{left = $3 + 2 - ($2 - $1); print (left > 2 ? left : 2)}')"

    no_false_alarm vm1 vm2 || return 1

    local killed=$(now)
    vm_kill vm1
    echo "[host] SIGKILL to vm1's qemu (pid $(cat "$RUN/vm1.pid"))"
    await_host 300 vip_answers || return 1
    local vip_back=$(now)
    await_host 300 "[ \"\$(client_md5 before.bin)\" = $expected ]" || return 1
    local data_back=$(now)
    [ "$(vip_mac)" = "$(vm_mac 2)" ] || { echo "[host] the virtual address answers from $(vip_mac), not vm2"; return 1; }
    figure "power off owner -> virtual address answers (vm2's MAC; deadtime $(ha_cf_time deadtime))" "$(seconds_between "$killed" "$vip_back")"
    figure "power off owner -> client reads its file back over NFS" "$(seconds_between "$killed" "$data_back")"
    echo "[host] vm2's agent log around the takeover:"
    grep -E 'dead|acquir|started|Primary|mounted|serving' "$RUN/share/state/vm2.agent.log" | tail -12 | cut -c1-200 \
        | sed 's/^/    /'
    verdict PASS "power-off of the owner: vm2 serves the client's file on the same address"

    local stop_asked=$(now)
    touch "$RUN/share/state/vm2.stop"
    # Either the agent stops the group and leaves, and node.sh powers the VM off, or a stop fails and it halts.
    await_host 300 "! vm_running vm2 || grep -q 'System halted' '$RUN/vm2.console.log'" || return 1
    if marker vm2.agent-stopped && grep -q 'cs:.* ro:Secondary' "$RUN/vm2.console.log"; then
        figure "SIGTERM to vm2's agent -> group stopped, agent gone" "$(seconds_between "$stop_asked" "$(now)")"
        verdict PASS "SIGTERM to the owner's agent stops the group (DRBD Secondary) and the agent leaves"
    else
        figure "SIGTERM to vm2's agent -> node halted itself" "$(seconds_between "$stop_asked" "$(now)")"
        verdict FAIL "SIGTERM to the owner's agent: a stop failed and the node halted itself: $(grep -m1 -o \
            'fencing by halt: .*' "$RUN/share/state/vm2.agent.log" | cut -c1-160)"
    fi
    return 0   # the verdicts above carry the outcome
}
