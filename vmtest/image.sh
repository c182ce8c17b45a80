#!/bin/bash
# Builds (or finds in the cache) the VM image of the real-kernel tier and prints its directory:
#   vmlinuz, initramfs.cpio.gz, rootfs.img (ext4, shared read-only by every VM), install.log, build-times.txt
# Two cached layers, each in a directory named by a hash of its inputs, so a rerun rebuilds nothing:
#   base-<key>:  kernel + initramfs + mmdebstrap rootfs (key: kernel version, base-packages.txt, lib/base.sh,
#                the host's apt sources)
#   image-<key>: the base plus jheartbeat installed with apt (key: base key, the .deb or the distribution's
#                jars, guest/init, this script)
# Usage: vmtest/image.sh [DEB]   (default: the newest packaging/target/jheartbeat_*_all.deb, else the
#                                 distribution tree packaging/target/jheartbeat copied in)
set -euo pipefail
VMTEST_DIR=$(dirname "$(readlink -f "$0")")
REPO=$(dirname "$VMTEST_DIR")
CACHE=${VMTEST_CACHE:-/var/tmp/jheartbeat-vmtest}
KERNEL_VERSION=${VMTEST_KERNEL:-6.1.0-56-amd64}
log() { echo "[image] $*" >&2; }
source "$VMTEST_DIR/lib/base.sh"

for tool in mmdebstrap mke2fs cpio qemu-system-x86_64 depmod; do
    command -v "$tool" >/dev/null || { log "missing host tool $tool: bash vmtest/install-host-packages.sh"; exit 1; }
done

deb=${1:-$(ls -t "$REPO"/packaging/target/jheartbeat_*_all.deb 2>/dev/null | head -1 || true)}
dist=$REPO/packaging/target/jheartbeat
if [ -n "$deb" ]; then
    [ -f "$deb" ] || { log "no such .deb: $deb"; exit 1; }
    payload_hash=$(sha256sum "$deb" | cut -c1-64)
    log "installing $deb"
elif [ -d "$dist/lib" ]; then
    payload_hash=$(cd "$dist" && find bin lib -type f | sort | xargs sha256sum | sha256sum | cut -c1-64)
    log "no .deb in packaging/target: copying the distribution tree $dist into the image (not an install test)"
else
    log "neither packaging/target/jheartbeat_*_all.deb nor $dist: run mvn -B -q -o package -DskipTests first"
    exit 1
fi

mkdir -p "$CACHE"
exec 9> "$CACHE/.lock"
flock 9   # two runs at once share one build

now() { date +%s.%N; }
seconds_since() { echo "$(now) $1" | awk '{printf "%.1f", $1 - $2}'; }

base=$CACHE/base-$(base_key)
if [ ! -f "$base/done" ]; then
    log "building the base layer in $base (mmdebstrap from the host's mirror; 2-5 min)"
    start=$(now)
    rm -rf "$base" && mkdir -p "$base"
    build_base "$base"
    echo "base-build-seconds $(seconds_since "$start")" > "$base/build-times.txt"
    touch "$base/done"
fi

image_key=$( { echo "$base"; echo "$payload_hash"; cat "$VMTEST_DIR/guest/init" "$0"; } | sha256sum | cut -c1-16)
image=$CACHE/image-$image_key
if [ ! -f "$image/done" ]; then
    log "building the image layer in $image"
    start=$(now)
    rm -rf "$image" && mkdir -p "$image"
    root=$image/rootfs
    cp -a "$base/rootfs" "$root"
    # Services must not start inside the build chroot (the package's postinst asks invoke-rc.d).
    printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d" && chmod +x "$root/usr/sbin/policy-rc.d"
    if [ -n "$deb" ]; then
        cp "$deb" "$root/tmp/"
        chroot "$root" apt-get install -y --no-install-recommends "/tmp/$(basename "$deb")" > "$image/install.log" 2>&1 \
            || { cat "$image/install.log" >&2; log "apt could not install $deb"; exit 1; }
        rm -f "$root/tmp/$(basename "$deb")"
        echo "installed with apt: $(basename "$deb")" >> "$image/install.log"
    else
        mkdir -p "$root/usr/share/jheartbeat"
        cp -a "$dist/bin" "$dist/lib" "$root/usr/share/jheartbeat/"
        for command in "$root"/usr/share/jheartbeat/bin/*; do
            ln -sf "/usr/share/jheartbeat/bin/$(basename "$command")" "$root/usr/sbin/$(basename "$command")"
        done
        echo "copied the distribution tree (no .deb was built)" > "$image/install.log"
    fi
    rm -f "$root/usr/sbin/policy-rc.d"
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
    install -m 755 "$VMTEST_DIR/guest/init" "$root/sbin/vmtest-init"
    size_mb=$(( $(du -sm "$root" | cut -f1) + 160 ))
    mke2fs -q -t ext4 -L root -d "$root" "$image/rootfs.img" "${size_mb}M" > /dev/null
    rm -rf "$root"
    cp "$base/vmlinuz" "$base/initramfs.cpio.gz" "$image/"
    { cat "$base/build-times.txt"; echo "image-build-seconds $(seconds_since "$start")"
      echo "rootfs-img-apparent-mb $(( $(stat -c %s "$image/rootfs.img") / 1048576 ))"
      echo "rootfs-img-allocated-mb $(du -m "$image/rootfs.img" | cut -f1)"; } > "$image/build-times.txt"
    touch "$image/done"
    # Older image layers are superseded; the three newest stay, as a run that started earlier may still boot
    # its next VMs from one. Bases are kept (they take minutes to make).
    ls -dt "$CACHE"/image-* | tail -n +4 | xargs -r rm -rf
fi
log "image: $image ($(tr '\n' ' ' < "$image/build-times.txt"))"
echo "$image"
