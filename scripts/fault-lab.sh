#!/usr/bin/env bash
# The randomized fault lab (issue 23; not part of CI's normal suite, which runs a short fixed schedule of it in
# FaultLabTest): 3 to 5 nodes in network namespaces running the distribution's agent, three groups (an address and a
# recording resource.d script each; the first also a filesystem on a shared loop image and NFS-Ganesha) and a
# client writing through the first address, put through STEPS steps of a random schedule drawn from SEED:
# power-off, agent SIGKILL and restart, SIGSTOP past deadtime, a node's link cut, a minority cut off, agents stopped
# and started at once, hb_standby and hb_takeover of every scope, restarts, a group added to or removed from
# haresources and reloaded (everywhere at once, or one node first), one node's wall clock stepped by ten minutes
# (libfaketime under that node's agent; never the host's clock), a group's script failing its stop so that its node
# fences itself (power switch, or the last node's recording fencer). The invariants are checked from
# outside the agents every 75 ms; every violation prints the seed, the step, the agents' log lines and the
# command that replays it. Prints settle times per fault kind; exits 1 when anything was violated. Root only.
#
#   bash scripts/fault-lab.sh [STEPS] [SEED] [NODES] [KINDS]
#
# (200 steps, a seed from the clock, 3 nodes, every kind; KINDS narrows the schedule to the kinds it names,
# separated by commas: freeze,link_cut,power_off,agent_kill,minority_partition,simultaneous_stop_start,standby,
# takeover,restart,reload,reload_one_node_first,clock_step,stop_failure.)
#
# About 15 to 25 s per step.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
    echo "The fault lab builds network namespaces, a loop device and mounts: run it as root." >&2
    exit 1
fi
case "${1:-200}${2:-0}${3:-3}" in
    *[!0-9]*) echo "usage: bash scripts/fault-lab.sh [STEPS] [SEED] [NODES] [KINDS]" >&2; exit 2 ;;
esac

packages=(
    openjdk-17-jdk-headless maven
    iproute2 arping iputils-ping util-linux e2fsprogs psmisc procps
    nfs-ganesha nfs-ganesha-vfs libnfs-utils socat libfaketime
)
. scripts/lib/packages.sh
install_missing "${packages[@]}"

. scripts/lib/build.sh
build_distribution
# The run's directory (every agent's whole log, the scripts' calls log) is kept for a post-mortem; its path is printed.
exec java -Djheartbeat.e2e.keep=true -cp "e2e/target/classes:e2e/target/lib/*" org.jheartbeat.e2e.FaultLab \
    packaging/target/jheartbeat \
    "${1:-200}" "${2:-$(date +%s)}" "${3:-3}" ${4:+"$4"}
