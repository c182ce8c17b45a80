# The client of the group, in the lab namespace at 10.99.0.100 (br0), all in user space and bounded so that a
# vanished server cannot hang the run: NFSv3 through libnfs (nfs-cp, nfs-cat, nfs-ls) and the iSCSI LUN through
# libiscsi (iscsi-inq, qemu-io, qemu-img). Sourced by the scenarios after lib/lab.sh.

ISCSI_URL=iscsi://$VIRTUAL_ADDRESS/iqn.2026-11.org.example:vmtest.data/0   # LUN 0 of iSCSITarget in haresources
CLIENT_BYTES=$((4 * 1024 * 1024))

nfs_url() { echo "nfs://$VIRTUAL_ADDRESS/data/export/$1"; }
client_ls() { in_lab timeout 10 nfs-ls "nfs://$VIRTUAL_ADDRESS/data/export" >/dev/null 2>&1; }
client_md5() { in_lab timeout 10 nfs-cat "$(nfs_url "$1")" 2>/dev/null | md5sum | cut -d' ' -f1; }
lun_answers() { in_lab timeout 10 iscsi-inq "$ISCSI_URL" >/dev/null 2>&1; }
# md5 of the LUN's first CLIENT_BYTES, read over iSCSI
lun_md5() {
    rm -f "$RUN/lun.read"
    in_lab timeout 60 qemu-img dd -f raw -O raw bs=1M count=$((CLIENT_BYTES / 1048576)) if="$ISCSI_URL" \
        of="$RUN/lun.read" >/dev/null 2>&1 && md5sum < "$RUN/lun.read" | cut -d' ' -f1
}
vip_answers() { in_lab ping -c 1 -W 1 "$VIRTUAL_ADDRESS" >/dev/null 2>&1; }
vip_mac() { in_lab ip neigh show "$VIRTUAL_ADDRESS" | awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'; }
vm_mac() { echo "52:54:00:99:0$1:00"; }

# client_writes: random data to a file over NFS (before.bin) and to the LUN's first blocks over iSCSI, each read
# back; sets EXPECTED (the file's md5) and EXPECTED_LUN. The iSCSI write ends with a flush (SYNCHRONIZE CACHE),
# as a client's fsync: LIO's fileio backstore caches writes in the owner's page cache until then.
client_writes() {
    head -c "$CLIENT_BYTES" /dev/urandom > "$RUN/before.bin"
    head -c "$CLIENT_BYTES" /dev/urandom > "$RUN/lun.before"
    EXPECTED=$(md5sum < "$RUN/before.bin" | cut -d' ' -f1)
    EXPECTED_LUN=$(md5sum < "$RUN/lun.before" | cut -d' ' -f1)
    in_lab timeout 60 nfs-cp "$RUN/before.bin" "$(nfs_url before.bin)" || { echo "[host] nfs-cp failed"; return 1; }
    in_lab timeout 120 qemu-io -f raw -c "write -s $RUN/lun.before 0 $CLIENT_BYTES" -c flush "$ISCSI_URL" >/dev/null \
        || { echo "[host] qemu-io write to $ISCSI_URL failed"; return 1; }
    [ "$(client_md5 before.bin)" = "$EXPECTED" ] || { echo "[host] NFS read-back differs before the failure"; return 1; }
    [ "$(lun_md5)" = "$EXPECTED_LUN" ] || { echo "[host] iSCSI read-back differs before the failure"; return 1; }
    echo "[host] client wrote 4 MiB to $(nfs_url before.bin) (md5 $EXPECTED) and 4 MiB to $ISCSI_URL (md5 $EXPECTED_LUN)"
}
nfs_intact() { [ "$(client_md5 before.bin)" = "$EXPECTED" ]; }
lun_intact() { [ "$(lun_md5)" = "$EXPECTED_LUN" ]; }
