#!/usr/bin/env bash
# The jheartbeat live demo (run as root on a Debian 12 machine): the reference setup's two-node NFS and iSCSI
# server simulated on this one machine. Each node is its own network, mount and hostname namespace running the
# real agent (bin/jheartbeat, as the .deb installs it); a client namespace writes over NFS and iSCSI, the owner
# loses power, the other node takes over and the client reads its data back. Everything is removed afterwards.
# Nothing leaves this machine: all addresses live inside namespaces the demo creates.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
    echo "The demo builds network namespaces, a loop device and mounts: run it as root." >&2
    exit 1
fi

packages=(
    openjdk-17-jdk-headless maven                # build and run
    iproute2 arping util-linux e2fsprogs psmisc procps   # nodes, addresses, the shared disk
    nfs-ganesha nfs-ganesha-vfs libnfs-utils     # NFS server and client
    tgt libiscsi-bin qemu-utils qemu-block-extra # iSCSI target and client (qemu-io writes through libiscsi)
)
. scripts/lib/packages.sh
install_missing "${packages[@]}"

step "Building jheartbeat (tests skipped: scripts/test.sh runs them)"
. scripts/lib/build.sh
build_distribution

exec java -cp "e2e/target/classes:e2e/target/lib/*" org.jheartbeat.e2e.Demo packaging/target/jheartbeat
