# Inconsistent and alone: vm1 starts with a fresh DRBD disk (Inconsistent, never synced) and no peer (vm2 is never
# started). Past degr-wfc-timeout (15 s in r0.res) the agent's startup check must fence the node the way the seed's
# incon-degr-cmd "halt -f" did, since r0.res asks for it (its pri-on-incon-degr handler): reboot(2) with the halt
# command. The kernel then
# prints "reboot: System halted" and stops the CPU. (qemu keeps a halted x86 guest's process alive: there is no
# ACPI power-off in a halt, so the host kills the halted qemu afterwards.)

run_scenario() {
    echo "FORMAT_ON=" > "$RUN/share/scenario.env"
    vm_start vm1 1 node.sh
    await_host 600 "marker vm1.agent-started" || return 1
    local agent_started=$(now)
    figure "boot vm1, DRBD up (Inconsistent), agent started" "$(seconds_between "$LAB_START" "$agent_started")"
    await_host 300 "grep -q 'System halted' '$RUN/vm1.console.log' || ! vm_running vm1" || return 1
    local halted=$(now)
    grep -q 'System halted' "$RUN/vm1.console.log" \
        || { tail -20 "$RUN/vm1.console.log"; verdict FAIL "vm1 stopped without halting"; return 1; }
    figure "agent started -> kernel halted (degr-wfc-timeout 15 s)" "$(seconds_between "$agent_started" "$halted")"
    if grep -q 'mark agent-stopped\|role node.sh exit' "$RUN/vm1.console.log"; then
        verdict FAIL "the guest went on running after the halt"; return 1
    fi
    echo "[host] vm1's agent log:"
    grep -iE 'incon|degr|fenc|halt|drbd' "$RUN/share/state/vm1.agent.log" | tail -10 | sed 's/^/    /'
    echo "[host] console: $(grep 'System halted' "$RUN/vm1.console.log")"
    verdict PASS "Inconsistent DRBD disk without its peer past degr-wfc-timeout: the node halted"
}
