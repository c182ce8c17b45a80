# Host side of one scenario: a private network namespace with two bridges (br0: eth0 of every VM and the client
# address 10.99.0.100, br1: eth1), qemu/TCG VMs on taps in it, and the run directory shared with the guests over
# virtio-9p. Sourced by run.sh; expects IMAGE, RUN (an empty directory) and NS (a free namespace name).
# lab_close undoes everything, whatever state the scenario left: run.sh calls it from an EXIT trap.

CLIENT_ADDRESS=10.99.0.100
VIRTUAL_ADDRESS=10.99.0.10
VM_MEMORY=${VMTEST_MEMORY:-512}

lab_open() {
    mkdir -p "$RUN/share/state" "$RUN/share/etc"
    cp "$VMTEST_DIR"/guest/*.sh "$RUN/share/"
    cp -a "$VMTEST_DIR"/config/. "$RUN/share/etc/"
    ip netns add "$NS"
    ip -n "$NS" link set lo up
    local bridge
    for bridge in br0 br1; do
        ip -n "$NS" link add "$bridge" type bridge
        ip -n "$NS" link set "$bridge" up
    done
    ip -n "$NS" addr add "$CLIENT_ADDRESS/24" dev br0
    LAB_START=$(now)
}

# vm_start NAME INDEX ROLE: boots a VM with eth0 10.99.0.INDEX and eth1 10.99.1.INDEX and a 64 MiB data disk.
# With BONDED=yes it gets a third NIC eth2 on br0 as well, and eth0 carries no address: the guest bonds eth0 and
# eth2 into bond0 with 10.99.0.INDEX (vm.bond0= on its command line). Each NIC's qemu netdev is nNIC (n0, n1, n2),
# switched with vm_link through the VM's monitor socket. With VM_INIT=systemd the guest boots systemd as PID 1.
vm_start() {
    local name=$1 index=$2 role=$3 nic bridge addresses netdevs=()
    local nics=(0 1) init=
    # VM_INIT=systemd: systemd as PID 1, booting to guest/init's vmtest.target (the systemd scenario)
    [ "${VM_INIT:-}" = systemd ] && init=" vm.init=systemd systemd.unit=vmtest.target systemd.firstboot=off"
    if [ "${BONDED:-}" = yes ]; then
        nics=(0 1 2)
        addresses="vm.bond0=10.99.0.$index/24 vm.eth1=10.99.1.$index/24"
    else
        addresses="vm.eth0=10.99.0.$index/24 vm.eth1=10.99.1.$index/24"
    fi
    for nic in "${nics[@]}"; do
        bridge=br$(( nic == 1 ? 1 : 0 ))
        ip -n "$NS" tuntap add "$name-e$nic" mode tap
        ip -n "$NS" link set "$name-e$nic" master "$bridge"
        ip -n "$NS" link set "$name-e$nic" up
        netdevs+=(-netdev "tap,id=n$nic,ifname=$name-e$nic,script=no,downscript=no"
                  -device "virtio-net-pci,netdev=n$nic,mac=52:54:00:99:0$index:0$nic")
    done
    truncate -s 64M "$RUN/$name.data.img"
    # ip netns exec execs qemu in place: $! is qemu's own PID.
    ip netns exec "$NS" qemu-system-x86_64 -accel tcg -m "$VM_MEMORY" -smp 1 -nographic -no-reboot \
        -kernel "$IMAGE/vmlinuz" -initrd "$IMAGE/initramfs.cpio.gz" \
        -append "console=ttyS0 panic=-1 quiet vm.name=$name vm.role=$role $addresses$init" \
        -drive "file=$IMAGE/rootfs.img,format=raw,if=virtio,snapshot=on" \
        -drive "file=$RUN/$name.data.img,format=raw,if=virtio" \
        -virtfs "local,path=$RUN/share,mount_tag=host,security_model=none" \
        -monitor "unix:$RUN/$name.monitor,server,nowait" \
        "${netdevs[@]}" < /dev/null > "$RUN/$name.console.log" 2>&1 &
    echo $! > "$RUN/$name.pid"
    disown   # its end is watched through the PID file; bash need not report the kill
}

# vm_link NAME NETDEV on|off: the cable of one NIC, as the guest sees it: qemu's set_link drops or restores the
# virtio carrier (a tap going down on the host side does not).
vm_link() {
    echo "set_link $2 $3" | socat - "UNIX-CONNECT:$RUN/$1.monitor" > /dev/null
}

vm_running() {
    local pid
    pid=$(cat "$RUN/$1.pid" 2>/dev/null) || return 1
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == qemu-system* ]]
}

# The power cord: SIGKILL to this VM's qemu, by the PID recorded when it was started.
vm_kill() {
    vm_running "$1" && kill -KILL "$(cat "$RUN/$1.pid")"
    local n=0
    while vm_running "$1" && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
}

lab_close() {
    local pidfile
    for pidfile in "$RUN"/*.pid; do
        [ -e "$pidfile" ] && vm_kill "$(basename "$pidfile" .pid)"
    done
    ip netns del "$NS" 2>/dev/null
    rm -f "$RUN"/*.data.img "$RUN"/*.monitor
}

in_lab() { ip netns exec "$NS" "$@"; }

now() { date +%s.%N; }
seconds_between() { echo "$1 $2" | awk '{printf "%.1f", $2 - $1}'; }

# await_host SECONDS CONDITION: polls the condition every 0.2 s; false when the time is up.
await_host() {
    local deadline
    # printf, not print: awk prints large numbers with 6 significant digits (1.79564e+09)
    deadline=$(echo "$(now) $1" | awk '{printf "%.3f", $1 + $2}')
    until eval "$2"; do
        if awk -v t="$(now)" -v d="$deadline" 'BEGIN{exit !(t > d)}'; then
            echo "[host] timed out after $1 s waiting for: $2" >&2; return 1
        fi
        sleep 0.2
    done
}

# ha_cf_time DIRECTIVE: the guests' ha.cf value of keepalive, deadtime, warntime or initdead, in seconds.
ha_cf_time() { awk -v key="$1" '$1 == key {print $2}' "$VMTEST_DIR/config/ha.d/ha.cf"; }

marker() { [ -e "$RUN/share/state/$1" ]; }

# verdict PASS|FAIL TEXT: one line of the checks table.
verdict() { printf '%-4s %s: %s\n' "$1" "$SCENARIO" "$2" | tee -a "$RUN/../checks.txt"; [ "$1" = PASS ]; }

# figure NAME VALUE [UNIT]: one line of the timings table; the unit is seconds unless given.
figure() { printf '%-72s %6s %s\n' "$SCENARIO: $1" "$2" "${3:-s}" | tee -a "$RUN/../timings.txt"; }
