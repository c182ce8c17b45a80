#!/usr/bin/env bash
# Runs every jheartbeat test. On a fresh Debian 12 run it as root: it first installs what the tests need
# (the tests that build network namespaces, loop devices, mounts and VMs need root, and skip without it).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    openjdk-17-jdk-headless maven                          # build
    iproute2 arping ndisc6 psmisc procps util-linux kmod   # tools the resources drive
    nftables                                               # the cluster-port-only firewall of the network tests
    heartbeat net-tools                                    # heartbeat 3.0.6 beside jheartbeat (its IPaddr uses ifconfig)
    e2fsprogs xfsprogs btrfs-progs                         # filesystems the Filesystem tests make
    resource-agents                                        # real OCF agents; send_ua for IPv6 announcements
    nfs-ganesha nfs-ganesha-vfs libnfs-utils rpcbind       # the NFS server and its client
    tgt libiscsi-bin qemu-utils qemu-block-extra           # the iSCSI target and its clients
    lintian                                                # the .deb is checked after packaging
    libjna-java                                            # the unpacked .deb's commands take JNA from it, as installed
    libfaketime                                            # one node's own wall clock, which the fault lab steps
    python3                                                # a process whose first thread exits before the others
    tcpdump                                                # the announcements a client sees after a heal
    qemu-system-x86 mmdebstrap cpio socat                  # the real-kernel scenario (vmtest) after them
)
# The namespace tests ping from a client namespace: any ping will do, Debian has two.
command -v ping >/dev/null || packages+=(iputils-ping)
. scripts/lib/packages.sh
install_missing "${packages[@]}"

# promtool, Prometheus' own parser and linter, checks the agent's metrics text. Only the tool: installing the
# prometheus package would also start a Prometheus server.
if ! command -v promtool >/dev/null && [ "$(id -u)" -eq 0 ]; then
    unpacked=$(mktemp -d)
    (cd "$unpacked" && { apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq && apt-get download prometheus >/dev/null; }; })
    dpkg-deb --fsys-tarfile "$unpacked"/prometheus_*.deb | tar -xO ./usr/bin/promtool >/usr/local/bin/promtool
    chmod 755 /usr/local/bin/promtool
    rm -rf "$unpacked"
fi

# The control socket lets group haclient query the agent; its tests need the group (the .deb creates it).
getent group haclient >/dev/null || [ "$(id -u)" -ne 0 ] || groupadd --system haclient

mvn -B -ntp verify "$@"

# Then the real-kernel tier's power-loss scenario: two qemu VMs with Debian's own kernel (real DRBD 8.4, the kernel
# NFS server, LIO), jheartbeat installed from the .deb just built (about 3 minutes under TCG, and 80 s more the
# first time to build the image). The whole tier is
# `bash vmtest/run.sh` (vmtest/README.md).
if [ "$(id -u)" -eq 0 ]; then
    bash vmtest/run.sh failover
else
    echo "vmtest failover skipped: it needs root"
fi
