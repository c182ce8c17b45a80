#!/usr/bin/env bash
# Installs the jheartbeat .deb into a throwaway Debian root (mmdebstrap) and checks, with apt resolving the
# dependencies: a first install (enabled, not started), hbctl config check on the packaged example, the agent
# run by /etc/init.d/heartbeat in a private network namespace, an upgrade to a second build, remove and
# purge and what each leaves, and an install over a configured heartbeat 3.0.6 (its /etc/ha.d kept, its
# service name taken over). Prints how long each phase took.
#
#   bash scripts/install-test.sh                       # builds the package twice (the second is the upgrade)
#   bash scripts/install-test.sh FIRST.deb SECOND.deb  # or takes two builds, SECOND the newer
#
# Needs root, mmdebstrap and a reachable Debian mirror (SUITE=bookworm by default). Downloaded packages are
# kept in /var/cache/jheartbeat-install-test between runs. Nothing is installed on this machine itself.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
    echo "install-test: run as root (it builds a chroot)" >&2
    exit 1
fi
command -v mmdebstrap >/dev/null || { echo "install-test: needs mmdebstrap (apt-get install mmdebstrap)" >&2; exit 1; }

# Every mount below lives in this private mount namespace, so none outlives the script.
if [ -z "${JHEARTBEAT_INSTALL_TEST_NS:-}" ]; then
    JHEARTBEAT_INSTALL_TEST_NS=1 exec unshare --mount --propagation private bash "$0" "$@"
fi

suite=${SUITE:-bookworm}
cache=/var/cache/jheartbeat-install-test
work=$(mktemp -d /var/tmp/jheartbeat-install-test.XXXXXX)
root=$work/root
failures=0

cleanup() {
    for mountpoint in "$root/var/cache/apt/archives" "$root/proc"; do
        if mountpoint -q "$mountpoint" 2>/dev/null; then
            umount "$mountpoint"
        fi
    done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT

millis() { date +%s%3N; }
started=$(millis)
phase_started=$started
phase() {
    local now
    now=$(millis)
    echo "== $1 (previous phase $(((now - phase_started) / 1000)).$(((now - phase_started) % 1000 / 100)) s)"
    phase_started=$now
}
check() {
    local what=$1
    shift
    if "$@"; then
        echo "ok   $what"
    else
        echo "FAIL $what"
        failures=$((failures + 1))
    fi
}
in_root() {
    chroot "$root" "$@"
}
apt_in_root() {
    in_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 "$@"
}
installed_version() {
    in_root dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null || true
}
# The files of /etc/ha.d with their checksums and modes: what "left alone" means.
ha_d_fingerprint() {
    (cd "$root/etc/ha.d" && find . -type f -printf '%m %p ' -exec sha256sum {} \; | sort)
}

phase "packages"
if [ $# -eq 2 ]; then
    first=$(readlink -f "$1")
    second=$(readlink -f "$2")
else
    # Each build leaves only its own .deb in packaging/target: keep the first one aside.
    mvn -B -q -o -pl packaging -am package -DskipTests
    first=$(ls packaging/target/jheartbeat_*_all.deb)
    cp "$first" "$work/"
    first=$work/$(basename "$first")
    sleep 1   # the snapshot version carries the build time in seconds
    mvn -B -q -o -pl packaging -am package -DskipTests
    second=$(readlink -f "$(ls packaging/target/jheartbeat_*_all.deb)")
fi
version_of() { dpkg-deb --field "$1" Version; }
v1=$(version_of "$first")
v2=$(version_of "$second")
echo "first $first ($v1), second $second ($v2), $(stat -c %s "$first") bytes"
dpkg --compare-versions "$v2" gt "$v1" || { echo "install-test: $second is not newer than $first" >&2; exit 1; }

phase "debian root ($suite) with mmdebstrap"
mmdebstrap --quiet --variant=apt --mode=root --include=systemd,systemd-sysv "$suite" "$root"
# No service may start inside the root while apt runs (heartbeat would start broadcasting on the host's
# network); the agent is started below, in its own network namespace. The policy records what the
# maintainer scripts asked for, so the checks can tell "not started" from "not allowed to start".
printf '#!/bin/sh\necho "$*" >>/var/log/policy-rc.d.log\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
mkdir -p "$cache"
mount --bind "$cache" "$root/var/cache/apt/archives"
mount -t proc proc "$root/proc"
cp "$first" "$root/tmp/first.deb"
cp "$second" "$root/tmp/second.deb"
apt_in_root update

phase "first install of $v1 (apt resolves Java and the tools)"
apt_in_root install /tmp/first.deb >"$work/apt-first.log" || { cat "$work/apt-first.log"; exit 1; }
check "installed $v1" test "$(installed_version jheartbeat)" = "install ok installed $v1"
check "run directory from tmpfiles.d, open to every user" test "$(stat -c %a "$root/run/jheartbeat")" = 755
check "heartbeat.service enabled" test -L "$root/etc/systemd/system/multi-user.target.wants/heartbeat.service"
check "alias jheartbeat.service" test -L "$root/etc/systemd/system/jheartbeat.service"
check "init script linked for runlevel 2" compgen -G "$root/etc/rc2.d/S*heartbeat"
check "unit file passes systemd-analyze verify" in_root systemd-analyze verify --man=no heartbeat.service
check "client class-data sharing archive made, outside /usr" test -s "$root/var/cache/jheartbeat/client.jsa"
check "agent class-data sharing archive made, outside /usr" test -s "$root/var/cache/jheartbeat/agent.jsa"
check "install asked for no start" sh -c "! grep -qsE '^heartbeat \(?start' '$root/var/log/policy-rc.d.log'"
check "man page jheartbeat(8) renders" in_root sh -c 'zcat /usr/share/man/man8/jheartbeat.8.gz | grep -q "^.SH NAME"'

phase "hbctl config check on the packaged example"
mkdir -p "$root/etc/ha.d"
cp "$root"/usr/share/doc/jheartbeat/examples/ha.d/* "$root/etc/ha.d/"
chmod 600 "$root/etc/ha.d/authkeys"
example_ha_cf=$(cat "$root/etc/ha.d/ha.cf")
example_haresources=$(cat "$root/etc/ha.d/haresources")
# Exit 4: the agent would start, with a warning for the sample's placeholder secret.
check "example accepted as node MASTER, its placeholder secret warned" sh -c "
    out=\$(chroot '$root' hbctl config check --node MASTER); rc=\$?
    [ \$rc -eq 4 ] && echo \"\$out\" | grep -q 'authkeys:[0-9]*: warning: key 1 is the sample'"
check "a broken haresources is refused with file:line" sh -c "
    cp '$root/etc/ha.d/haresources' '$work/haresources'
    echo 'NOSUCHNODE IPaddr::10.0.0.1' >>'$root/etc/ha.d/haresources'
    out=\$(chroot '$root' hbctl config check --node MASTER); rc=\$?
    cp '$work/haresources' '$root/etc/ha.d/haresources'
    [ \$rc -eq 1 ] && echo \"\$out\" | grep -q 'haresources:[0-9]'"

phase "the agent under /etc/init.d/heartbeat, one node in a private network namespace"
# A one-node cluster whose group is a virtual address on a veth inside the namespace: nothing leaves it.
# realtime on: the agent calls mlockall through JNA, whose native part must come from libjna-jni.
cat >"$root/etc/ha.d/ha.cf" <<'EOF'
keepalive 500ms
deadtime 2
initdead 2
bcast eth0
node master
auto_failback on
realtime on
EOF
echo 'JHEARTBEAT_JAVA_OPTS="-Dinstall.test=site-option"' >>"$root/etc/default/jheartbeat"
echo "master IPaddr::10.201.0.100/24/eth0" >"$root/etc/ha.d/haresources"
# Startup of a client command as a user (nobody), with and without the archive.
for archive in with without; do
    [ $archive = with ] || mv "$root/var/cache/jheartbeat/client.jsa" "$work/client.jsa"
    in_root setpriv --reuid=nobody --regid=nogroup --clear-groups sh -c 'for i in 1 2 3 4 5; do
        start=$(date +%s%N); cl_status hbstatus >/dev/null 2>&1 || true
        echo $((($(date +%s%N) - start) / 1000000)); done' | sort -n | tr '\n' ' ' \
        | sed "s/^/    cl_status hbstatus as nobody, agent stopped, $archive the client archive (ms, sorted): /"
    echo
done
mv "$work/client.jsa" "$root/var/cache/jheartbeat/client.jsa"
echo "# edited by the administrator" >>"$root/etc/jheartbeat/jheartbeat.conf"
fingerprint_before=$(ha_d_fingerprint)
umount "$root/proc"
# The namespace's first process is the shell below: when it ends, every process it started ends too.
# Inside it the maintainer scripts may act for real, so the policy that blocks them during apt is set aside
# (the root has an init, systemd-sysv, so invoke-rc.d acts as on an installed machine whose init is not
# running); the upgrade and the removal happen here too, with dpkg (the dependencies are in place since the
# first install), while the agent runs.
mv "$root/usr/sbin/policy-rc.d" "$work/policy-rc.d"
unshare --net --uts --pid --fork --kill-child --mount-proc="$root/proc" chroot "$root" /bin/sh -eu -c '
    address_up() { ip -o addr show dev eth0 | grep -q "10.201.0.100/24"; }
    # Within 5 s: a restart in place keeps the address, so the new agent may still be its launcher when it is up.
    agent_maps_archive() {
        for i in $(seq 1 50); do
            grep -q /var/cache/jheartbeat/agent.jsa "/proc/$(cat /run/jheartbeat/jheartbeat.pid)/maps" && return 0
            sleep 0.1
        done
        return 1
    }
    wait_for_address() {
        for i in $(seq 1 300); do
            address_up && break
            sleep 0.1
        done
        echo "group started after $i polls of 100 ms"
        address_up
    }
    hostname master
    ip link set lo up
    ip link add eth0 type veth peer name eth0-peer
    ip addr add 10.201.0.1/24 dev eth0
    ip link set eth0 up
    ip link set eth0-peer up

    echo "-- /etc/init.d/heartbeat start"
    /etc/init.d/heartbeat start
    /etc/init.d/heartbeat status
    wait_for_address
    if ! tr "\\0" " " <"/proc/$(cat /run/jheartbeat/jheartbeat.pid)/cmdline" | grep -q -- -Dinstall.test=site-option; then
        echo "the JVM options of /etc/default/jheartbeat did not reach the agent"; exit 1
    fi
    if ! agent_maps_archive; then echo "the agent does not map its class-data sharing archive"; exit 1; fi
    echo "-- cl_status hbstatus"; cl_status hbstatus
    echo "-- cl_status rscstatus"; held=$(cl_status rscstatus); echo "$held"
    echo "-- hbctl status"; hbctl status
    # The node holds its own group (it is the preferred node); no other node has a group to take over.
    test "$held" = local
    echo "-- /etc/init.d/heartbeat stop"
    /etc/init.d/heartbeat stop
    if address_up; then echo "the address survived the stop"; exit 1; fi
    if /etc/init.d/heartbeat status; then echo "still running after stop"; exit 1; fi

    # Without its archive, and with a file that is no archive, the agent starts all the same.
    mv /var/cache/jheartbeat/agent.jsa /tmp/agent.jsa
    for archive in missing corrupt; do
        [ $archive = missing ] || head -c 65536 /usr/share/jheartbeat/lib/agent.classlist >/var/cache/jheartbeat/agent.jsa
        echo "-- start with the agent archive $archive"
        /etc/init.d/heartbeat start
        wait_for_address
        if agent_maps_archive; then echo "the agent maps a $archive archive"; exit 1; fi
        /etc/init.d/heartbeat stop
    done
    mv /tmp/agent.jsa /var/cache/jheartbeat/agent.jsa

    echo "-- upgrade with dpkg while the agent runs"
    /etc/init.d/heartbeat start
    wait_for_address
    before=$(cat /run/jheartbeat/jheartbeat.pid)
    touch /tmp/upgrade-started
    dpkg -i /tmp/second.deb
    for archive in client agent; do
        if [ ! /var/cache/jheartbeat/$archive.jsa -nt /tmp/upgrade-started ]; then
            echo "no $archive archive made for the new jars"; exit 1
        fi
    done
    # In a chroot invoke-rc.d knows no runlevel and leaves the restart to us; the old agent, whose jars
    # were just replaced under it, must still answer and hold its group until then.
    kill -0 "$before"
    hbctl status >/dev/null
    address_up
    /etc/init.d/heartbeat try-restart
    after=$(cat /run/jheartbeat/jheartbeat.pid)
    if [ "$after" = "$before" ]; then echo "try-restart kept pid $before"; exit 1; fi
    wait_for_address
    if ! agent_maps_archive; then echo "the restarted agent does not map the new archive"; exit 1; fi
    echo "restarted: pid $before, then $after"

    echo "-- dpkg -r stops the agent"
    dpkg -r jheartbeat
    if address_up; then echo "the address survived the removal"; exit 1; fi
    if kill -0 "$after" 2>/dev/null; then echo "agent $after survived the removal"; exit 1; fi
' && agent_run=0 || agent_run=$?
mv "$work/policy-rc.d" "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
check "agent: init script start and stop, its archive mapped (started without it and with a corrupt one), the new one after the upgrade, upgrade under it, try-restart, removal stops it" test "$agent_run" -eq 0
check "agent log written" grep -q . "$root/var/log/jheartbeat.log"
check "JNA's native library from libjna-jni: nothing unpacked into root's home, no JNA failure logged" sh -c "
    if [ -e '$root/root/.cache/JNA' ]; then find '$root/root/.cache/JNA'; exit 1; fi
    ! grep -E 'UnsatisfiedLinkError|NoClassDefFoundError|jnidispatch' '$root/var/log/jheartbeat.log'"
grep -E "started: all|stopped: all|shutting down" "$root/var/log/jheartbeat.log" | sed 's/^/    log: /'

phase "what the upgrade and the removal left"
check "$v2 was installed, then removed" test "$(installed_version jheartbeat)" = "deinstall ok config-files $v2"
check "edited conffile kept through upgrade and removal" grep -q "edited by the administrator" "$root/etc/jheartbeat/jheartbeat.conf"
check "programs gone" test ! -e "$root/usr/sbin/jheartbeat" -a ! -e "$root/usr/share/jheartbeat"
check "class-data sharing archives and their directory gone" test ! -e "$root/var/cache/jheartbeat"
check "/etc/ha.d untouched" test "$(ha_d_fingerprint)" = "$fingerprint_before"
echo "    left after remove: $(cd "$root" && ls -d etc/jheartbeat etc/init.d/heartbeat \
    etc/logrotate.d/jheartbeat var/log/jheartbeat.log 2>/dev/null | tr '\n' ' ')"

phase "purge"
apt_in_root purge jheartbeat >"$work/apt-purge.log" || { cat "$work/apt-purge.log"; exit 1; }
check "package gone" test -z "$(installed_version jheartbeat)"
check "/etc/jheartbeat gone" test ! -e "$root/etc/jheartbeat"
check "init script and its links gone" sh -c "! ls '$root'/etc/init.d/heartbeat '$root'/etc/rc?.d/*heartbeat 2>/dev/null"
check "systemd links gone" test ! -e "$root/etc/systemd/system/jheartbeat.service" \
    -a ! -e "$root/etc/systemd/system/multi-user.target.wants/heartbeat.service"
check "/etc/ha.d untouched" test "$(ha_d_fingerprint)" = "$fingerprint_before"
echo "    left after purge: /etc/ha.d ($(find "$root/etc/ha.d" -type f | wc -l) files)," \
    "the dependencies (apt autoremove takes them)"

phase "heartbeat 3.0.6 with the site's /etc/ha.d, then jheartbeat over it"
# The site's files: the example, as the seed's heartbeat cluster has them (purge left nothing to copy from).
printf '%s\n' "$example_ha_cf" >"$root/etc/ha.d/ha.cf"
printf '%s\n' "$example_haresources" >"$root/etc/ha.d/haresources"
apt_in_root install --no-install-recommends heartbeat >"$work/apt-heartbeat.log" || { cat "$work/apt-heartbeat.log"; exit 1; }
check "heartbeat installed" sh -c "chroot '$root' dpkg-query -W -f='\${Status}' heartbeat | grep -q 'install ok installed'"
check "heartbeat.service enabled by heartbeat" test -L "$root/etc/systemd/system/multi-user.target.wants/heartbeat.service"
fingerprint_heartbeat=$(ha_d_fingerprint)
apt_in_root install /tmp/second.deb >"$work/apt-over.log" || { cat "$work/apt-over.log"; exit 1; }
check "jheartbeat $v2 installed" test "$(installed_version jheartbeat)" = "install ok installed $v2"
check "heartbeat removed, its configuration kept" sh -c "chroot '$root' dpkg-query -W -f='\${Status}' heartbeat | grep -q 'config-files'"
check "/etc/ha.d untouched, heartbeat's resource.d included" test "$(ha_d_fingerprint)" = "$fingerprint_heartbeat"
check "heartbeat.service is jheartbeat's" sh -c "grep -q '^ExecStart=/usr/sbin/jheartbeat' '$root/lib/systemd/system/heartbeat.service' && chroot '$root' dpkg -S /lib/systemd/system/heartbeat.service | grep -q '^jheartbeat:'"
check "/etc/init.d/heartbeat is jheartbeat's" grep -q '/usr/sbin/jheartbeat' "$root/etc/init.d/heartbeat"
check "service still enabled, alias added" test -L "$root/etc/systemd/system/multi-user.target.wants/heartbeat.service" -a -L "$root/etc/systemd/system/jheartbeat.service"
for command in /usr/bin/cl_status /usr/share/heartbeat/hb_standby /usr/share/heartbeat/hb_takeover; do
    check "$command is jheartbeat's" sh -c "chroot '$root' dpkg -S $command | grep -q '^jheartbeat:' && readlink -f '$root$command' | grep -q /usr/share/jheartbeat/bin/"
done
check "the site's configuration passes hbctl config check" sh -c "
    chroot '$root' hbctl config check --node MASTER >/dev/null; rc=\$?; [ \$rc -eq 0 ] || [ \$rc -eq 4 ]"
grep -E "^(Removing|Unpacking|Setting up) (heartbeat|jheartbeat)" "$work/apt-over.log" | sed 's/^/    apt: /'

sed 's/^/    policy-rc.d was asked: /' "$root/var/log/policy-rc.d.log"

phase "done"
echo "install test: $failures failed checks, $((($(millis) - started) / 1000)) s in all"
[ "$failures" -eq 0 ]
