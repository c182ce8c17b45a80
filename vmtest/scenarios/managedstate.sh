# The resource-managed layout of the NFS server's state: haresources names the shared directory
# (nfs-kernel-server::/data/nfs::10.99.0.10), /var/lib/nfs stays a directory on both nodes, and the resource binds
# /data/nfs onto it while its node serves (the other scenarios keep the seed's symbolic link). Then the power loss
# of the failover scenario: vm2 must serve the client's file and blocks, having bound /data/nfs itself, and unbind
# it when its agent stops the group.

source "$VMTEST_DIR/scenarios/failover.sh"
eval "power_loss_$(declare -f run_scenario)"

run_scenario() {
    sed -i 's#nfs-kernel-server\( \|$\)#nfs-kernel-server::/data/nfs::10.99.0.10\1#' "$RUN/share/etc/ha.d/haresources"
    grep -q 'nfs-kernel-server::/data/nfs' "$RUN/share/etc/ha.d/haresources" \
        || { verdict FAIL "could not name the shared state directory in haresources"; return 1; }
    power_loss_run_scenario || return 1
    local node
    for node in vm1 vm2; do
        grep -q "bind-mounted /data/nfs onto /var/lib/nfs" "$RUN/share/state/$node.agent.log" \
            || { verdict FAIL "$node served without binding /data/nfs onto /var/lib/nfs"; return 1; }
    done
    grep -q "unmounted the shared state directory from /var/lib/nfs" "$RUN/share/state/vm2.agent.log" \
        || { verdict FAIL "vm2 stopped the group without unbinding /var/lib/nfs"; return 1; }
    verdict PASS "resource-managed NFS state: each serving node bound /data/nfs onto /var/lib/nfs, vm2 unbound it at stop"
}
