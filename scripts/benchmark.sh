#!/usr/bin/env bash
# Failover benchmark (run as root; not part of CI): jheartbeat against Debian's heartbeat 3.0.6 on the same simulated
# two-node cluster (network, mount and hostname namespaces on this machine), the same ha.cf and the same group
# (virtual address, ext3 filesystem, NFS-Ganesha). Prints a table of min / median / max over RUNS runs (default 5):
# power-on until NFS is served, failure until the address answers the client's ping, failure until the client's NFS
# read succeeds, and each agent's idle memory and CPU. Takes about 15 minutes at 5 runs.
# usage: bash scripts/benchmark.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
    echo "The benchmark builds network namespaces, a loop device and mounts: run it as root." >&2
    exit 1
fi

packages=(
    openjdk-17-jdk-headless maven
    iproute2 arping iputils-ping util-linux e2fsprogs psmisc procps
    nfs-ganesha nfs-ganesha-vfs libnfs-utils
    heartbeat net-tools                          # the reference: heartbeat 3.0.6 (its IPaddr uses ifconfig)
)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    # --no-install-recommends: heartbeat's recommends pull packages bookworm-security cannot authenticate here.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mvn -B -q -ntp package -DskipTests
exec java -cp "e2e/target/classes:e2e/target/lib/*" org.jheartbeat.e2e.FailoverBenchmark packaging/target/jheartbeat "${1:-5}"
