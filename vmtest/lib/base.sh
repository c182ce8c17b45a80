# The base layer of the VM image: Debian's stock kernel, a busybox initramfs that reaches the virtio root disk,
# and a root filesystem made by mmdebstrap from the host's configured mirror. Everything here comes from Debian
# packages; nothing from this repository except this file and base-packages.txt.
# Sourced by image.sh; expects VMTEST_DIR, CACHE, KERNEL_VERSION and log() to be set.

base_key() {
    {
        echo "$KERNEL_VERSION"
        cat "$VMTEST_DIR/lib/base-packages.txt" "$VMTEST_DIR/lib/base.sh"
        # The mirror and suites decide which package versions land in the image.
        cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true
    } | sha256sum | cut -c1-16
}

# Debian's apt sources of the host, as mmdebstrap takes them (one-line format; deb822 files converted).
host_sources() {
    awk '/^Types:/{t=$2} /^URIs:/{u=$2} /^Suites:/{$1=""; s=$0} /^Components:/{$1=""; c=$0}
         /^$/ && u {for (i=split(s, a, " "); i>0; i--) print t, u, a[i], c; u=""}
         END {if (u) for (i=split(s, a, " "); i>0; i--) print t, u, a[i], c}' /etc/apt/sources.list.d/*.sources 2>/dev/null
    grep -h '^deb ' /etc/apt/sources.list 2>/dev/null || true
}

# $1: directory to fill with rootfs/, vmlinuz, initramfs.cpio.gz
build_base() {
    local out=$1 debs=$1/debs
    mkdir -p "$debs"
    (cd "$debs" && apt-get download -q "linux-image-$KERNEL_VERSION" busybox-static >/dev/null)
    mkdir -p "$out/kernel" "$out/busybox"
    dpkg-deb -x "$debs"/linux-image-"$KERNEL_VERSION"_*.deb "$out/kernel"
    dpkg-deb -x "$debs"/busybox-static_*.deb "$out/busybox"
    cp "$out/kernel/boot/vmlinuz-$KERNEL_VERSION" "$out/vmlinuz"

    local packages
    packages=$(grep -v '^#' "$VMTEST_DIR/lib/base-packages.txt" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
    host_sources > "$out/sources.list"
    log "mmdebstrap: $(wc -l < "$out/sources.list") apt sources from the host, packages: $packages"
    # apt lists are kept so that installing the jheartbeat .deb later resolves its dependencies from the mirror.
    # Man pages are left out, but update-alternatives (openjdk's postinst) needs the man1 directory to exist.
    mmdebstrap --variant=minbase --include="$packages" --skip=cleanup/apt/lists \
        --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        bookworm "$out/rootfs" "$out/sources.list" > "$out/mmdebstrap.log" 2>&1

    # The kernel .deb is extracted, not installed; modules the VMs never load are left out.
    local modules=$out/rootfs/lib/modules/$KERNEL_VERSION
    mkdir -p "$out/rootfs/lib/modules"
    cp -a "$out/kernel/lib/modules/$KERNEL_VERSION" "$modules"
    rm -rf "$modules"/kernel/drivers/{gpu,media,infiniband,iio,hwmon,usb,bluetooth,staging,input,hid,isdn,mmc,platform} \
        "$modules"/kernel/net/{wireless,mac80211,bluetooth} "$modules"/kernel/sound
    chroot "$out/rootfs" depmod "$KERNEL_VERSION"   # the kernel .deb ships no modules.dep
    mkdir -p "$out/rootfs/etc/target"               # LIO's db_root
    rm -rf "$out/kernel"
    build_initramfs "$out"
}

# A static busybox and the modules that reach an ext4 root on virtio-blk, in dependency order.
build_initramfs() {
    local out=$1 tree=$1/initramfs
    mkdir -p "$tree"/{bin,dev,proc,sys,newroot,mods}
    cp "$out/busybox/bin/busybox" "$tree/bin/busybox"
    local module
    for module in $(for target in virtio_pci virtio_blk ext4; do
                        chroot "$out/rootfs" modprobe -S "$KERNEL_VERSION" --show-depends "$target"
                    done | awk '$1 == "insmod" && !seen[$2]++ {print $2}'); do
        cp "$out/rootfs$module" "$tree/mods/"
        basename "$module" >> "$tree/mods/order"
    done
    cat > "$tree/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
/bin/busybox mount -t devtmpfs dev /dev
for m in $(/bin/busybox cat /mods/order); do /bin/busybox insmod /mods/$m 2>/dev/null; done
i=0; while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do /bin/busybox sleep 0.1; i=$((i+1)); done
/bin/busybox mount -t ext4 /dev/vda /newroot || { echo "initramfs: cannot mount /dev/vda"; /bin/busybox poweroff -f; }
/bin/busybox umount /proc /sys /dev
exec /bin/busybox switch_root /newroot /sbin/vmtest-init
EOF
    chmod +x "$tree/init"
    (cd "$tree" && find . | cpio -o -H newc --quiet | gzip -1 > "$out/initramfs.cpio.gz")
    rm -rf "$tree" "$out/busybox"
}
