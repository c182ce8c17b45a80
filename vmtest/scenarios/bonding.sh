# The seed's NIC bonding: each node's client-side address sits on bond0 (eth0 + eth2, mode=0 miimon=100
# downdelay=200 updelay=200), so the virtual address and the cluster's first link (bcast bond0) ride on it;
# eth1 stays the second link and DRBD's. One slave of the owner loses its carrier (qemu's set_link): bonding must
# report it down, and nothing else may happen: no node declared dead, no link down, no group move, no agent
# warning beyond late heartbeats, and the client's NFS and iSCSI traffic goes on. Then the carrier comes back.

bond_the_cluster_links() {
    BONDED=yes
    sed -i 's/^bcast eth0$/bcast bond0/' "$RUN/share/etc/ha.d/ha.cf"
    sed -i 's|/24/eth0 |/24/bond0 |' "$RUN/share/etc/ha.d/haresources"
    grep -q '^bcast bond0$' "$RUN/share/etc/ha.d/ha.cf" && grep -q '/24/bond0 ' "$RUN/share/etc/ha.d/haresources"
}

# slave_status NODE SLAVE: the MII status (up, down, going back, ...) bonding reports for the slave.
slave_status() {
    run_on "$1" "cat /proc/net/bonding/bond0" > /dev/null \
        && awk -v slave="$2" '/^Slave Interface:/ {current = $3} current == slave && /^MII Status:/ {print $3; exit}' \
            "$RUN/share/state/$1.run.out"
}

# agent_news NODE FROM_LINE: the agent's log lines after FROM_LINE that matter here (warnings, errors, decisions).
agent_news() {
    tail -n +"$(($2 + 1))" "$RUN/share/state/$1.agent.log" \
        | grep -E ' (WARN|ERROR) |dead|acquir|releas|frozen|fenc|starting|stopping' | cut -c1-200
}

run_scenario() {
    bond_the_cluster_links || { verdict FAIL "could not put the cluster links on bond0"; return 1; }
    cluster_up || return 1
    client_writes || return 1
    past_initdead
    no_false_alarm vm1 vm2 || return 1
    [ "$(slave_status vm1 eth0)" = up ] && [ "$(slave_status vm1 eth2)" = up ] \
        || { verdict FAIL "bond0 on vm1 does not have both slaves up"; return 1; }

    local before1 before2 cut down news late
    before1=$(wc -l < "$RUN/share/state/vm1.agent.log")
    before2=$(wc -l < "$RUN/share/state/vm2.agent.log")
    cut=$(now)
    vm_link vm1 n2 off
    await_host 60 "[ \"\$(slave_status vm1 eth2)\" = down ]" || { verdict FAIL "bonding never reported eth2 down"; return 1; }
    down=$(now)
    figure "carrier of vm1's eth2 cut -> /proc/net/bonding/bond0 shows it down" "$(seconds_between "$cut" "$down")"
    echo "[host] vm1's bond0 with eth2 cut:"
    grep -E '^(Bonding Mode|MII Status|Slave Interface|Link Failure Count)' "$RUN/share/state/vm1.run.out" | sed 's/^/    /'
    # Three deadtimes with one slave, while the client goes on reading through the bond.
    local until=$(echo "$(now) $(ha_cf_time deadtime)" | awk '{printf "%.3f", $1 + 3 * $2}') rounds=0
    while awk -v t="$(now)" -v u="$until" 'BEGIN{exit !(t < u)}'; do
        nfs_intact && lun_intact || { verdict FAIL "the client lost its NFS or iSCSI data with one slave cut"; return 1; }
        rounds=$((rounds + 1))
    done
    figure "reads of the file and the blocks, all intact, in $(( 3 * $(ha_cf_time deadtime) )) s with one slave" \
        "$rounds" rounds
    news=$( { agent_news vm1 "$before1"; agent_news vm2 "$before2"; } )
    late=$(echo "$news" | grep -c 'late heartbeat')
    figure "late-heartbeat warnings in both agents' logs with one slave cut" "$late" lines
    echo "$news" | grep -v 'late heartbeat' | grep . && {
        verdict FAIL "the agents logged more than late heartbeats with one slave cut (above)"; return 1; }
    [ "$(vip_mac)" = "$(vm_mac 1)" ] || { verdict FAIL "the group left vm1 (address answers from $(vip_mac))"; return 1; }
    verdict PASS "one bond0 slave of the owner cut: bonding shows it down, no failover, no group move, the agents logged no more than late heartbeats, the client's NFS and iSCSI traffic went on"

    vm_link vm1 n2 on
    local restored=$(now)
    await_host 60 "[ \"\$(slave_status vm1 eth2)\" = up ]" || { verdict FAIL "eth2 did not come back in bond0"; return 1; }
    figure "carrier of vm1's eth2 back -> bonding shows it up (updelay 200 ms)" "$(seconds_between "$restored" "$(now)")"
    verdict PASS "the slave's carrier came back and bonding took it up again"
}
