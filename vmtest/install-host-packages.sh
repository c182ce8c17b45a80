#!/bin/bash
# The host's Debian packages for the real-kernel tier: qemu (TCG), the image build (mmdebstrap, cpio, kmod's
# depmod/modprobe, mke2fs -d, flock), the lab (ip, ping) and the NFS client (libnfs-utils: nfs-cp, nfs-cat, nfs-ls).
set -e
apt-get install -y --no-install-recommends qemu-system-x86 mmdebstrap cpio kmod e2fsprogs util-linux iproute2 \
    iputils-ping libnfs-utils
