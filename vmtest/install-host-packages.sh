#!/bin/bash
# The host's Debian packages for the real-kernel tier: qemu (TCG), the image build (mmdebstrap, cpio, kmod's
# depmod/modprobe, mke2fs -d, flock), the lab (ip, ping, socat for qemu's monitor socket) and the client
# (libnfs-utils: nfs-cp, nfs-cat, nfs-ls; libiscsi-bin: iscsi-inq; qemu-utils: qemu-io, qemu-img, with
# qemu-block-extra for iscsi://), and jq for the systemd scenario's journal entries (journalctl -o json).
set -e
. "$(dirname "$0")/../scripts/lib/packages.sh"
install_missing qemu-system-x86 qemu-utils qemu-block-extra mmdebstrap cpio kmod \
    e2fsprogs util-linux iproute2 iputils-ping socat libnfs-utils libiscsi-bin jq
