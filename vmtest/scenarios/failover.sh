# Power loss of the owner: vm1 runs the seed's group (virtual IP, DRBD primary, ext3 on /data, kernel NFS server
# with /var/lib/nfs -> /data/nfs, LIO iSCSI target with its LUN file on /data); the client writes a file over NFS
# and blocks over iSCSI to the virtual address; the host SIGKILLs vm1's qemu; vm2 must answer on the same
# address, with DRBD promoted, the file and the blocks intact. Then vm2's agent is stopped (SIGTERM) and must
# stop the group (DRBD back to Secondary) and leave.

run_scenario() {
    cluster_up || return 1
    client_writes || return 1
    past_initdead
    no_false_alarm vm1 vm2 || return 1

    local killed=$(now) vip_back nfs_back lun_back
    vm_kill vm1
    echo "[host] SIGKILL to vm1's qemu (pid $(cat "$RUN/vm1.pid"))"
    await_host 300 vip_answers || return 1
    vip_back=$(now)
    await_host 300 nfs_intact || return 1
    nfs_back=$(now)
    await_host 300 lun_intact || return 1
    lun_back=$(now)
    [ "$(vip_mac)" = "$(vm_mac 2)" ] || { echo "[host] the virtual address answers from $(vip_mac), not vm2"; return 1; }
    figure "power off owner -> virtual address answers (vm2's MAC; deadtime $(ha_cf_time deadtime))" \
        "$(seconds_between "$killed" "$vip_back")"
    figure "power off owner -> client reads its file back over NFS" "$(seconds_between "$killed" "$nfs_back")"
    figure "power off owner -> client reads its blocks back over iSCSI" "$(seconds_between "$killed" "$lun_back")"
    echo "[host] vm2's agent log around the takeover:"
    agent_log_excerpt vm2
    verdict PASS "power-off of the owner: vm2 serves the client's file (NFS) and blocks (iSCSI, LIO) on the same address"

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
