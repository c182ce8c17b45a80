# The agent under systemd as PID 1 (guest/init's vm.init=systemd, booting to vmtest.target), installed from the
# .deb and run by the package's own unit, heartbeat.service, as an administrator runs it: systemctl start, reload,
# restart. Two nodes, one group: the virtual address only (the seed's group adds nothing about systemd, and minutes
# under TCG). Each check is a function systemd_check_NAME that prints its verdict and returns non-zero when it
# failed; SYSTEMD_CHECKS lists them in order (a later check may rely on the state an earlier one left). To add a
# check, write the function and add its name.
SYSTEMD_CHECKS="ready journal reload restart watchdog"

run_scenario() {
    echo "vm1 IPaddr::$VIRTUAL_ADDRESS/24/eth0" > "$RUN/share/etc/ha.d/haresources"
    VM_INIT=systemd
    vm_start vm1 1 systemd-node.sh
    vm_start vm2 2 systemd-node.sh
    await_host 300 "marker vm1.ready && marker vm2.ready" \
        || { verdict FAIL "the VMs did not boot systemd to vmtest.target"; return 1; }
    figure "boot 2 VMs with systemd as PID 1 to vmtest.target" "$(seconds_between "$LAB_START" "$(now)")"
    echo "[host] $(grep -h 'PID 1:' "$RUN"/vm1.console.log | tr -d '\r' | cut -c1-200)"
    local check
    for check in $SYSTEMD_CHECKS; do
        echo "[host] check: $check"
        "systemd_check_$check" || { keep_journals; return 1; }
    done
    keep_journals
    touch "$RUN/share/state/vm1.stop" "$RUN/share/state/vm2.stop"
    await_host 300 "! vm_running vm1 && ! vm_running vm2" || { verdict FAIL "the VMs did not power off"; return 1; }
}

# keep_journals: each running node's journal of this boot as text in the run's state directory.
keep_journals() {
    local node
    for node in vm1 vm2; do
        vm_running $node && run_on $node "journalctl -b -o short-precise > /mnt/host/state/$node.journal.txt" > /dev/null
    done
}

# unit_property NODE PROPERTY: heartbeat.service's property on the node, as systemctl show tells it.
unit_property() {
    run_on "$1" "systemctl show -P $2 heartbeat.service" > /dev/null || return 1
    cat "$RUN/share/state/$1.run.out"
}

# journal NODE FILE: the node's journal of this boot, as JSON, one entry a line (journalctl -o json).
journal() {
    run_on "$1" "journalctl -b -o json > /mnt/host/state/$2" > /dev/null && echo "$RUN/share/state/$2"
}

# entries FILE TEXT [PID]: the heartbeat.service entries whose message contains TEXT (of that agent process when PID
# is given), one JSON object a line with the fields the checks read.
entries() {
    jq -c --arg text "$2" --arg pid "${3:-}" 'select(._SYSTEMD_UNIT == "heartbeat.service"
            and (.MESSAGE | type == "string") and (.MESSAGE | contains($text))
            and ($pid == "" or ._PID == $pid))
        | {MESSAGE, PRIORITY, SYSLOG_FACILITY, SYSLOG_IDENTIFIER, JHEARTBEAT_NODE, _TRANSPORT, _PID}' "$1"
}

vm_has_address() { run_on "$1" "ip -o addr show dev eth0 | grep -q ' $VIRTUAL_ADDRESS/'" > /dev/null; }

# (b) Type=notify: `systemctl start` returns once the agent said READY=1, so at that moment the unit is active
# with the status the agent sent beside READY=1, and the agent answers on its control socket.
systemd_check_ready() {
    local node started
    started=$(now)
    for node in vm1 vm2; do   # both at once, as an administrator starting a cluster would
        rm -f "$RUN/share/state/$node.run.rc"
        echo "systemctl start heartbeat.service; echo rc=\$?; systemctl show -p ActiveState -p SubState -p StatusText --value heartbeat.service; hbctl status > /dev/null 2>&1; echo status=\$?" \
            > "$RUN/share/state/$node.run"
    done
    for node in vm1 vm2; do
        await_host 300 "[ -e '$RUN/share/state/$node.run.rc' ]" || { verdict FAIL "systemctl start on $node did not return"; return 1; }
        figure "systemctl start heartbeat on $node (JVM start under TCG, READY=1)" "$(seconds_between "$started" "$(date -r "$RUN/share/state/$node.run.rc" +%s.%N)")"
        local out=$RUN/share/state/$node.run.out
        if grep -qx rc=0 "$out" && grep -qx active "$out" && grep -qx running "$out" \
            && grep -q "^node $node: 1 groups" "$out" && grep -qx status=0 "$out"; then
            verdict PASS "$node: systemctl start returned with the unit active/running, the agent's READY status ($(grep "^node $node" "$out" | cut -c1-80)), and hbctl status answering"
        else
            verdict FAIL "$node: when systemctl start returned: $(tr '\n' ' ' < "$out" | cut -c1-300)"
            return 1
        fi
    done
    # the ping first: the client's kernel makes no neighbour entry from a gratuitous ARP alone
    await_host 120 "vip_answers && [ \"\$(vip_mac)\" = $(vm_mac 1) ]" \
        || { verdict FAIL "the virtual address is not served from vm1"; return 1; }
}

# (a) One journal entry per log event, with its real priority and ha.cf's facility (logfacility local0: 16), entered
# through journald's native protocol: not once from standard error and again from /dev/log.
systemd_check_journal() {
    local file pid lines
    file=$(journal vm1 vm1.journal-start.json) || { verdict FAIL "journalctl on vm1"; return 1; }
    pid=$(unit_property vm1 MainPID)
    lines=$(entries "$file" "link eth0 (bcast): " "$pid")
    echo "[host] vm1's journal entries of its link line: $lines"
    if [ "$(echo "$lines" | grep -c .)" = 1 ] && echo "$lines" | jq -e '.PRIORITY == "6" and .SYSLOG_FACILITY == "16"
            and ._TRANSPORT == "journal" and .JHEARTBEAT_NODE == "vm1"' > /dev/null; then
        verdict PASS "one journal entry for the agent's link line, priority 6 (info), facility local0, native protocol, JHEARTBEAT_NODE=vm1"
    else
        verdict FAIL "the agent's link line is not one native journal entry with priority 6 and facility 16"
        return 1
    fi
    # Every log event of the agent on the one path: none of its lines came in through standard error or /dev/log
    # (what stays on standard error is JGroups' own banner, which is no log event).
    local other
    other=$(jq -r --arg pid "$pid" 'select(._PID == $pid and ._TRANSPORT != "journal")
        | select(._TRANSPORT == "syslog" or (.MESSAGE | strings | test("(TRACE|DEBUG|INFO|WARN|ERROR): ")))
        | "\(._TRANSPORT): \(.MESSAGE)"' "$file")
    if [ -z "$other" ]; then
        verdict PASS "no log event of agent $pid reached the journal through standard error or /dev/log"
    else
        verdict FAIL "log events of agent $pid through standard error or /dev/log: $(echo "$other" | head -3)"
        return 1
    fi
}

# (c) systemctl reload (ExecReload: hbctl config reload) reads the files again with the group running on; a reload
# of files with an error fails, changes nothing and says why at priority 3 (err).
systemd_check_reload() {
    local pid file
    pid=$(unit_property vm1 MainPID)
    run_on vm1 "systemctl reload heartbeat.service" || { verdict FAIL "systemctl reload failed on vm1"; return 1; }
    file=$(journal vm1 vm1.journal-reload.json)
    if [ "$(entries "$file" "Configuration unchanged." "$pid" | grep -c .)" = 1 ] \
        && [ "$(unit_property vm1 MainPID)" = "$pid" ] && vm_has_address vm1; then
        verdict PASS "systemctl reload: the same agent (pid $pid) logged 'Configuration unchanged.' once, the address stays on vm1"
    else
        verdict FAIL "systemctl reload: no single 'Configuration unchanged.' from agent $pid, or the agent or the address changed"
        return 1
    fi
    if run_on vm1 "echo 'deadtime soon' >> /etc/ha.d/ha.cf && systemctl reload heartbeat.service"; then
        verdict FAIL "systemctl reload of an ha.cf with an error succeeded"; return 1
    fi
    run_on vm1 "sed -i '/^deadtime soon/d' /etc/ha.d/ha.cf" || return 1
    file=$(journal vm1 vm1.journal-badreload.json)
    local refused
    refused=$(entries "$file" "configuration not reloaded: " "$pid")
    echo "[host] the refused reload in vm1's journal: $(echo "$refused" | jq -r '"<\(.PRIORITY)> \(.MESSAGE)"' | head -3)"
    if [ -n "$refused" ] && echo "$refused" | jq -se 'all(.PRIORITY == "3")' > /dev/null \
        && [ "$(unit_property vm1 ActiveState)" = active ] && vm_has_address vm1; then
        verdict PASS "systemctl reload of a broken ha.cf failed, logged 'configuration not reloaded' at priority 3, the agent and the address stay"
    else
        verdict FAIL "the refused reload: not logged at priority 3, or the agent or the address went"
        return 1
    fi
}

# (d) systemctl restart is a restart in place (issue 21): ExecStop sees the restart job, the old agent leaves the
# group running, the new one adopts it, and the peer never takes it.
systemd_check_restart() {
    local old new started mac_changes=0 file
    old=$(unit_property vm1 MainPID)
    started=$(now)
    echo "systemctl restart heartbeat.service" > "$RUN/share/state/vm1.run"
    rm -f "$RUN/share/state/vm1.run.rc"
    # the client's view while the restart runs: the address's MAC, every 0.2 s
    until [ -e "$RUN/share/state/vm1.run.rc" ]; do
        in_lab ping -c 1 -W 1 "$VIRTUAL_ADDRESS" > /dev/null 2>&1
        [ "$(vip_mac)" = "$(vm_mac 1)" ] || mac_changes=$((mac_changes + 1))
        awk -v t="$(now)" -v s="$started" 'BEGIN{exit !(t - s > 180)}' && break
        sleep 0.2
    done
    [ "$(cat "$RUN/share/state/vm1.run.rc" 2>/dev/null)" = 0 ] \
        || { verdict FAIL "systemctl restart on vm1: $(head -c 300 "$RUN/share/state/vm1.run.out")"; return 1; }
    figure "systemctl restart heartbeat on vm1 (returns at the new agent's READY=1)" "$(seconds_between "$started" "$(now)")"
    new=$(unit_property vm1 MainPID)
    file=$(journal vm1 vm1.journal-restart.json)
    local peer
    peer=$(journal vm2 vm2.journal-restart.json)
    echo "[host] vm1, new agent $new: $(entries "$file" "the previous agent restarted in place" "$new" | jq -r .MESSAGE)"
    echo "[host] vm2: $(entries "$peer" "node vm1 restarting in place" | jq -r .MESSAGE | cut -c1-160)"
    # heartbeat's words for a dead holder would tell a log watcher that vm2 acquired vm1's groups: it acquires none
    local death_lines
    death_lines=$( { entries "$peer" "node vm1: is dead"; entries "$peer" "Resources being acquired from vm1"; } \
        | jq -r .MESSAGE)
    echo "[host] vm2, heartbeat's death lines for vm1: ${death_lines:-none}"
    if [ "$new" != "$old" ] && [ -n "$(entries "$file" "the previous agent restarted in place" "$new")" ] \
        && [ "$mac_changes" = 0 ] && vm_has_address vm1 && ! vm_has_address vm2 && [ -z "$death_lines" ] \
        && [ -n "$(entries "$peer" "node vm1 restarting in place")" ] && [ -z "$(entries "$peer" "acquiring on vm2")" ]; then
        verdict PASS "systemctl restart on vm1: agent $old -> $new adopted the group in place; the address answered from vm1 throughout, vm2 held the group off, started nothing and logged no death"
    else
        verdict FAIL "systemctl restart on vm1: old $old, new $new, MAC changes seen $mac_changes, vm2's death lines: ${death_lines:-none}; see vm1.journal-restart.json"
        return 1
    fi
}

# (e) The watchdog (WatchdogSec in the unit, set to ha.cf's deadtime by the agent once it runs): a stopped agent
# feeds it no more; systemd kills it with the unit's WatchdogSignal, the unit fails with result 'watchdog', and the
# peer, which hears nothing more from vm1, takes the group over.
systemd_check_watchdog() {
    local pid stopped killed=
    pid=$(unit_property vm1 MainPID)
    echo "[host] vm1: WatchdogUSec $(unit_property vm1 WatchdogUSec), WatchdogSignal $(unit_property vm1 WatchdogSignal)"
    stopped=$(now)
    run_on vm1 "kill -STOP $pid" || { verdict FAIL "could not stop vm1's agent"; return 1; }
    if await_host 120 "[ \"\$(unit_property vm1 Result)\" = watchdog ]"; then
        killed=$(now)
        figure "SIGSTOP of vm1's agent -> systemd's watchdog ended the unit (deadtime $(ha_cf_time deadtime))" \
            "$(seconds_between "$stopped" "$killed")"
    fi
    local file
    file=$(journal vm1 vm1.journal-watchdog.json)
    echo "[host] systemd on vm1:"
    jq -r 'select(.UNIT == "heartbeat.service" or ._SYSTEMD_UNIT == "init.scope") | select(.MESSAGE | type == "string")
        | select(.MESSAGE | test("heartbeat.service")) | "    \(.MESSAGE)"' "$file" | tail -8
    jq -r 'select(.MESSAGE | type == "string") | select(.MESSAGE | startswith("jheartbeat-guard:"))
        | "    \(.MESSAGE)"' "$file" | tail -4
    await_host 180 "vip_answers && [ \"\$(vip_mac)\" = $(vm_mac 2) ]" \
        || { verdict FAIL "vm2 did not take the address after vm1's agent was ended"; return 1; }
    figure "SIGSTOP of vm1's agent -> the address answers from vm2" "$(seconds_between "$stopped" "$(now)")"
    local dead
    dead=$(entries "$(journal vm2 vm2.journal-watchdog.json)" "node vm1: is dead")
    if [ -n "$killed" ] && [ "$(unit_property vm1 ActiveState)" = failed ] && ! vm_has_address vm1 \
        && [ "$(echo "$dead" | grep -c .)" = 1 ] && echo "$dead" | jq -e '.PRIORITY == "4"' > /dev/null; then
        verdict PASS "systemd's watchdog ended the stopped agent (unit failed, result watchdog); the address left vm1 and answers from vm2, whose journal has 'node vm1: is dead' once at priority 4"
    else
        verdict FAIL "after SIGSTOP: watchdog result $([ -n "$killed" ] && echo seen || echo 'not seen'), unit $(unit_property vm1 ActiveState), new 'is dead' entries on vm2: $dead"
        return 1
    fi
}
