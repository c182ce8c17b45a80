#!/bin/bash
# The real-kernel tier: the seed's cluster in qemu/TCG VMs running Debian's stock kernel (real DRBD 8.4, kernel
# nfsd, a halt that really stops the machine), jheartbeat installed from its .deb with apt.
# Usage (root): [VMTEST_DEB=path.deb] bash vmtest/run.sh [SCENARIO...]
#   scenarios: failover managedstate handover failedstop bonding nfslocks degraded softdog systemd (default: all, in
#   this order)
# Results: /var/tmp/jheartbeat-vmtest/runs/<time>/ (console and agent logs, timings.txt); exit status 0 when
# every scenario passed.
set -uo pipefail
VMTEST_DIR=$(dirname "$(readlink -f "$0")")
[ "$(id -u)" = 0 ] || { echo "vmtest: run as root (network namespaces, taps)" >&2; exit 2; }
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(failover managedstate handover failedstop bonding nfslocks degraded softdog systemd)
for scenario in "${scenarios[@]}"; do
    [ -f "$VMTEST_DIR/scenarios/$scenario.sh" ] || { echo "vmtest: no scenario '$scenario'" >&2; exit 2; }
done

image_start=$(date +%s.%N)
IMAGE=$(bash "$VMTEST_DIR/image.sh" ${VMTEST_DEB:+"$VMTEST_DEB"}) || exit 1
RESULTS=${VMTEST_CACHE:-/var/tmp/jheartbeat-vmtest}/runs/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS"
printf '%-72s %6s s\n' "image (cached or built)" \
    "$(echo "$image_start $(date +%s.%N)" | awk '{printf "%.1f", $2 - $1}')" | tee "$RESULTS/timings.txt"
sed 's/^/    /' "$IMAGE/build-times.txt" | tee -a "$RESULTS/timings.txt"

failed=()
for SCENARIO in "${scenarios[@]}"; do
    echo "=== $SCENARIO"
    # Each scenario in its own process, so that its EXIT trap cleans up its VMs, taps and namespace even when
    # a step fails or the run is interrupted.
    (
        RUN=$RESULTS/$SCENARIO
        NS=vmt$$-$SCENARIO
        mkdir -p "$RUN"
        source "$VMTEST_DIR/lib/lab.sh"
        source "$VMTEST_DIR/lib/client.sh"
        source "$VMTEST_DIR/lib/cluster.sh"
        trap lab_close EXIT
        trap 'exit 130' INT TERM
        trap '' PIPE   # a reader that went away (| head) must not kill us before the cleanup
        lab_open
        source "$VMTEST_DIR/scenarios/$SCENARIO.sh"
        run_scenario || {
            grep -q "^FAIL $SCENARIO:" "$RESULTS/checks.txt" 2>/dev/null || verdict FAIL "stopped at a failed step (see above)"
            exit 1
        }
        ! grep -q "^FAIL $SCENARIO:" "$RESULTS/checks.txt"
    ) || failed+=("$SCENARIO")
done

echo "=== timings ($RESULTS/timings.txt)"
cat "$RESULTS/timings.txt"
echo "=== checks ($RESULTS/checks.txt)"
cat "$RESULTS/checks.txt" 2>/dev/null
if [ ${#failed[@]} -gt 0 ]; then
    echo "vmtest: FAILED: ${failed[*]} (logs in $RESULTS)"
    exit 1
fi
echo "vmtest: all passed: ${scenarios[*]} (logs in $RESULTS)"
