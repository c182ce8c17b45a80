# NFS lock state across a failover: a third VM (vm3, guest/client.sh) mounts the export with the kernel's NFSv3
# client through the virtual address and holds a lock on /data/export/locked.file (NLM on the server; statd on
# the server records the client in /var/lib/nfs/sm, which is /data/nfs/sm on the shared disk). The host
# SIGKILLs vm1's qemu. vm2's nfs-kernel-server start restarts statd on the shared records and runs sm-notify
# (as 10.99.0.10: the run's jheartbeat.conf sets notify-name, so that the client recognises its server); the
# client's lockd must reclaim the lock within the server's lockd grace period, and the locking process must
# keep its lock.

announce_the_virtual_address() {
    cat >> "$RUN/share/etc/jheartbeat.conf" <<'CONF'
# nfslocks scenario: sm-notify -v with the address the clients mounted
jheartbeat.resources.nfs.kernel.notify-name = "10.99.0.10"
CONF
}

# lock_on NODE INODE: the node's kernel holds a POSIX lock on the inode (as lockd does for NFS clients).
lock_on() {
    run_on "$1" "cat /proc/locks" > /dev/null \
        && awk -v inode="$2" '$2 == "POSIX" && $6 ~ (":" inode "$") {found = 1} END {exit !found}' "$RUN/share/state/$1.run.out"
}

# lockd_grace NODE: lockd's grace period in seconds as the kernel derives it (fs/lockd/svc.c): nlm_grace_period
# rounded up to nlm_timeout, or 5 * nlm_timeout when it is 0.
lockd_grace() {
    run_on "$1" "cat /proc/sys/fs/nfs/nlm_grace_period /proc/sys/fs/nfs/nlm_timeout" > /dev/null \
        && awk 'NR == 1 {grace = $1} NR == 2 {timeout = $1}
                END {print (grace > 0 ? int((grace + timeout - 1) / timeout) * timeout : 5 * timeout)}' \
            "$RUN/share/state/$1.run.out"
}

run_scenario() {
    announce_the_virtual_address
    cluster_up || return 1
    vm_start vm3 3 client.sh
    await_host 600 "marker vm3.locked" || { verdict FAIL "the client VM did not get its lock"; return 1; }
    run_on vm1 "stat -c %i /data/export/locked.file" > /dev/null || return 1
    local inode
    inode=$(cat "$RUN/share/state/vm1.run.out")
    lock_on vm1 "$inode" || { verdict FAIL "vm1's /proc/locks shows no lock on locked.file (inode $inode)"; return 1; }
    # by address unless nsm_use_hostnames is set
    run_on vm1 "ls /var/lib/nfs/sm" > /dev/null && grep -qxE 'vm3|10\.99\.0\.3' "$RUN/share/state/vm1.run.out" \
        || { verdict FAIL "statd on vm1 did not record vm3 in /var/lib/nfs/sm"; return 1; }
    echo "[host] vm3 holds an NLM lock on /data/export/locked.file (inode $inode); vm1's statd records vm3"
    past_initdead
    no_false_alarm vm1 vm2 || return 1

    local killed=$(now) served reclaimed grace
    vm_kill vm1
    echo "[host] SIGKILL to vm1's qemu"
    await_host 300 client_ls || return 1
    served=$(now)
    grace=$(lockd_grace vm2)
    await_host 300 "lock_on vm2 $inode" || { verdict FAIL "the lock never showed up on vm2"; return 1; }
    reclaimed=$(now)
    figure "power off owner -> NFS answers from vm2" "$(seconds_between "$killed" "$served")"
    figure "NFS answers from vm2 -> client's lock reclaimed there (lockd grace $grace s)" \
        "$(seconds_between "$served" "$reclaimed")"
    run_on vm3 "dmesg" > /dev/null
    if grep -qi 'failed to reclaim\|lost lock' "$RUN/share/state/vm3.run.out"; then
        verdict FAIL "vm3's kernel: $(grep -i -m1 'failed to reclaim\|lost lock' "$RUN/share/state/vm3.run.out")"
        return 1
    fi
    run_on vm3 "fuser /mnt/nfs/locked.file" > /dev/null \
        || { verdict FAIL "the locking process on vm3 is gone"; return 1; }
    if awk -v s="$served" -v r="$reclaimed" -v g="$grace" 'BEGIN {exit !(r - s < g)}'; then
        verdict PASS "vm3's NLM lock was reclaimed on vm2 within lockd's grace period; the locking process keeps it"
    else
        verdict FAIL "vm3's lock came back on vm2 only after lockd's grace period ($grace s)"
    fi
}
